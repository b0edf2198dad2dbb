"""stancekit in Python: which countries support or oppose which topics in news
articles, with the same models and the same answers as the ``stancekit``
command line.

The work is done by the stancekit Rust library (the code the command line
runs), with the GIL released and in parallel on all cores
(``RAYON_NUM_THREADS`` sets the number of threads). pandas is optional: a
``pandas.Series`` is accepted wherever a list of texts is, and
``read_articles(..., as_frame=True)`` returns a ``pandas.DataFrame``.

>>> import stancekit
>>> model = stancekit.load("tour.json")            # or load() for the default model
>>> labels, confidences = model.predict(["We must ban fracking now."],
...                                     targets=["fracking"])
>>> rows = stancekit.read_articles([article_text], topics=["missile defense=THAAD"])

Every failure the command line reports raises :class:`StanceKitError` (a
``ValueError``) with the command line's message: the file, line and column
of bad input, the parameter and what was expected.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _stancekit
from ._stancekit import StanceKitError

__all__ = ["Model", "StanceKitError", "load", "train", "read_articles", "ARTICLE_COLUMNS"]

__version__ = "0.1.0"

#: The columns of an article row, in the order ``stancekit predict`` writes them.
ARTICLE_COLUMNS: Tuple[str, ...] = tuple(_stancekit.ARTICLE_COLUMNS)


def _strings(values: Any, what: str) -> Optional[List[str]]:
    """A list of str from a list, tuple or pandas Series (None stays None)."""
    if values is None or type(values) is list:
        # A list goes as it is: the native module checks each item is a str.
        return values
    if isinstance(values, str):
        raise TypeError(f"{what}: expected a list of strings, not one string")
    return list(values)


def _index_of(values: Any) -> Any:
    """The index of a pandas Series, else None."""
    return getattr(values, "index", None) if hasattr(values, "to_numpy") else None


_DEFAULTS: Dict[str, "Model"] = {}


def _default(task: str) -> "Model":
    """The embedded default model of ``task``, loaded once."""
    if task not in _DEFAULTS:
        _DEFAULTS[task] = load(task=task)
    return _DEFAULTS[task]


class Model:
    """A fitted stancekit model (stance or topic classifier), as a model file
    holds it. Get one from :func:`load` or :func:`train`."""

    __slots__ = ("_native",)

    def __init__(self, native: _stancekit.Model) -> None:
        self._native = native

    @property
    def labels(self) -> List[str]:
        """The labels, in class order (the order of the probabilities)."""
        return self._native.labels

    @property
    def task(self) -> str:
        """``"stance"`` or ``"topic"``."""
        return self._native.task

    @property
    def columns(self) -> Dict[str, Optional[str]]:
        """The columns it was trained with: ``text``, ``label``, ``target``,
        ``holder`` (None when not used)."""
        return self._native.columns

    def info(self, top: int = 10) -> str:
        """What ``stancekit inspect --top TOP`` prints: task, labels, columns,
        features, training data and solver, and the ``top`` heaviest features
        of each label."""
        return self._native.info(top)

    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Write the model file (atomically), loadable by ``stancekit predict
        --model PATH`` and :func:`load`."""
        self._native.save(os.fspath(path))

    def predict(self, texts: Any, targets: Any = None, holders: Any = None,
                probabilities: bool = False) -> Tuple[Any, ...]:
        """Label ``texts`` (a list or pandas Series of str).

        ``targets`` and ``holders`` (one per text) are needed when the model
        was trained with a target or holder column (see :attr:`columns`).
        Returns ``(labels, confidences)``, or ``(labels, confidences,
        probabilities)`` with ``probabilities=True`` (one list per text, in
        :attr:`labels` order): the same labels and confidences as ``stancekit
        predict --model M --data F``. For a pandas Series the results are
        Series on its index (probabilities: a DataFrame with one
        ``p_<label>`` column per label). A blank text, target or holder raises
        :class:`StanceKitError` naming it (``texts[3]: empty text ...``).
        """
        index = _index_of(texts)
        labels, confidences, probs = self._native.predict(
            _strings(texts, "texts"),
            _strings(targets, "targets"),
            _strings(holders, "holders"),
            probabilities,
        )
        if index is not None:
            import pandas as pd

            labels = pd.Series(labels, index=index, name="predicted")
            confidences = pd.Series(confidences, index=index, name="confidence")
            if probs is not None:
                probs = pd.DataFrame(probs, index=index, columns=[f"p_{l}" for l in self.labels])
        if probabilities:
            return labels, confidences, probs
        return labels, confidences

    def __repr__(self) -> str:
        return repr(self._native)


def load(path: Union[str, "os.PathLike[str]", None] = None, task: str = "stance",
         max_model_bytes: Optional[int] = None) -> Model:
    """Load a model file written by ``stancekit train`` (or :meth:`Model.save`).

    Without ``path``, the default model embedded in stancekit: the country
    stance model ``stancekit predict`` uses without ``--model`` (or, with
    ``task="topic"``, the topic model). A truncated, corrupted, foreign or
    newer file raises :class:`StanceKitError` with the command line's message.
    """
    native = _stancekit.load(None if path is None else os.fspath(path), task, max_model_bytes)
    return Model(native)


def _train_args(data: str, settings: Mapping[str, Any]) -> List[str]:
    """``stancekit train`` arguments from keyword arguments."""
    args = [f"--data={data}"]
    for key, value in settings.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            args.append(f"{flag}={','.join(str(v) for v in value)}")
        else:
            # FLAG=VALUE, so that a value starting with '-' is not a flag.
            args.append(f"{flag}={os.fspath(value) if isinstance(value, os.PathLike) else value}")
    return args


def train(data: Any, *, model: Union[str, "os.PathLike[str]", None] = None, **settings: Any) -> Model:
    """Train a model as ``stancekit train`` does and return it.

    ``data`` is a labeled CSV or JSON Lines file (or a pandas DataFrame,
    written to a temporary CSV first). Every ``stancekit train`` setting is a
    keyword argument with ``-`` as ``_``: ``text="text"``, ``label="stance"``,
    ``target=...``, ``holder=...``, ``task=...``, ``c=...``,
    ``class_weight="balanced"``, ``multi_label=True``, ``max_iter=...``,
    ``word_ngrams=(1, 2)``, ``char_ngrams=(2, 5)``, ``min_df=...``,
    ``cv=5``, ``favg=["FAVOR", "AGAINST"]``, ``group=...``, ``topics=...``,
    ``seed=...``, ``quiet=True``. With ``model=PATH`` the model is also saved
    there. The same data and settings give the same model, byte for byte,
    as the command line. Bad data or settings raise :class:`StanceKitError`
    with the command line's message.
    """
    if hasattr(data, "to_csv"):
        with tempfile.TemporaryDirectory(prefix="stancekit-") as tmp:
            path = os.path.join(tmp, "data.csv")
            data.to_csv(path, index=False)
            return train(path, model=model, **settings)
    save = model is not None
    args = _train_args(os.fspath(data), settings)
    if save:
        args.append(f"--model={os.fspath(model)}")  # type: ignore[arg-type]
    return Model(_stancekit.train(args, save))


def read_articles(
    texts: Any,
    ids: Any = None,
    topics: Union[Sequence[str], Mapping[str, Iterable[str]], None] = None,
    dates: Any = None,
    *,
    model: Optional[Model] = None,
    topic_model: Union[Model, None, str] = "default",
    aliases: Union[str, "os.PathLike[str]", None] = None,
    min_confidence: float = 0.5,
    min_polar: Optional[float] = None,
    as_frame: bool = False,
) -> Any:
    """Country stance rows of whole articles, as ``stancekit predict --data F
    --as-articles --id id --date-column date`` writes them.

    ``texts``: article texts (list or pandas Series); ``ids``: one id per
    article (default ``"1"``, ``"2"``, ... as the command line numbers rows);
    ``topics``: the topics to look for, as ``--topic`` takes them
    (``["missile defense=THAAD,missile shield"]``) or a dict
    ``{"missile defense": ["THAAD", "missile shield"]}`` (default: the
    model's topic inventory); ``dates``: one ``YYYY-MM-DD``, ``YYYY-MM``,
    ``YYYY`` or empty string per article (office holders of that day count
    as their country). ``model``: a stance model (default: the embedded
    one); ``topic_model``: the model of the ``article_topics`` column
    (``None`` for none); ``aliases``: an extra country aliases file;
    ``min_confidence`` and ``min_polar`` as on the command line.

    Returns a list of dicts with the keys :data:`ARTICLE_COLUMNS`, in input
    order, or a pandas DataFrame with those columns when ``as_frame=True``.
    """
    texts_l = _strings(texts, "texts")
    if isinstance(topics, Mapping):
        topics = [f"{name}={','.join(aliases_)}" for name, aliases_ in topics.items()]
    if isinstance(topic_model, str):
        if topic_model != "default":
            raise ValueError(f"topic_model: expected a Model, None or 'default', not {topic_model!r}")
        topic_model = _default("topic")
    rows = _stancekit.read_articles(
        texts_l,
        _strings(ids, "ids"),
        _strings(topics, "topics"),
        _strings(dates, "dates"),
        (model or _default("stance"))._native,
        None if topic_model is None else topic_model._native,
        None if aliases is None else os.fspath(aliases),
        min_confidence,
        min_polar,
    )
    if as_frame:
        import pandas as pd

        return pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    return rows
