"""Type stubs of the ``stancekit`` package."""

import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from ._stancekit import StanceKitError as StanceKitError

__version__: str
ARTICLE_COLUMNS: Tuple[str, ...]

_Path = Union[str, "os.PathLike[str]"]
_Texts = Union[Sequence[str], Any]  # a list of str or a pandas Series of str

class Model:
    @property
    def labels(self) -> List[str]: ...
    @property
    def task(self) -> str: ...
    @property
    def columns(self) -> Dict[str, Optional[str]]: ...
    def info(self, top: int = 10) -> str: ...
    def save(self, path: _Path) -> None: ...
    def predict(
        self,
        texts: _Texts,
        targets: Optional[_Texts] = None,
        holders: Optional[_Texts] = None,
        probabilities: bool = False,
    ) -> Tuple[Any, ...]: ...

def load(path: Optional[_Path] = None, task: str = "stance", max_model_bytes: Optional[int] = None) -> Model: ...
def train(data: Union[_Path, Any], *, model: Optional[_Path] = None, **settings: Any) -> Model: ...
def read_articles(
    texts: _Texts,
    ids: Optional[_Texts] = None,
    topics: Union[Sequence[str], Mapping[str, Iterable[str]], None] = None,
    dates: Optional[_Texts] = None,
    *,
    model: Optional[Model] = None,
    topic_model: Union[Model, None, str] = "default",
    aliases: Optional[_Path] = None,
    min_confidence: float = 0.5,
    min_polar: Optional[float] = None,
    as_frame: bool = False,
) -> Any: ...
