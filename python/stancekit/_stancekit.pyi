"""Type stubs of the native module under ``stancekit`` (use the package's
functions rather than these directly)."""

from typing import Dict, List, Optional, Tuple

ARTICLE_COLUMNS: List[str]

class StanceKitError(ValueError):
    """Bad input, a bad parameter or an unusable model: the message is the one
    the stancekit command line prints after ``stancekit: ``."""

class Model:
    @property
    def labels(self) -> List[str]: ...
    @property
    def task(self) -> str: ...
    @property
    def columns(self) -> Dict[str, Optional[str]]: ...
    def info(self, top: int = 10) -> str: ...
    def save(self, path: str) -> None: ...
    def predict(
        self,
        texts: List[str],
        targets: Optional[List[str]] = None,
        holders: Optional[List[str]] = None,
        probabilities: bool = False,
    ) -> Tuple[List[str], List[float], Optional[List[List[float]]]]: ...

def load(path: Optional[str] = None, task: str = "stance", max_model_bytes: Optional[int] = None) -> Model: ...
def train(args: List[str], save: bool) -> Model: ...
def read_articles(
    texts: List[str],
    ids: Optional[List[str]] = None,
    topics: Optional[List[str]] = None,
    dates: Optional[List[str]] = None,
    model: Optional[Model] = None,
    topic_model: Optional[Model] = None,
    aliases: Optional[str] = None,
    min_confidence: float = 0.5,
    min_polar: Optional[float] = None,
) -> List[Dict[str, object]]: ...
