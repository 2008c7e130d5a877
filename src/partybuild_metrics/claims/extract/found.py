"""A claim as a finder reports it: kind, figures (by mention) and the spans it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Figure:
    """One printed figure of a claim: the key it fills and its span in the text.

    ``start`` may lie before the number itself when a word of change belongs to the figure
    ("净增343.4万", "下降0.2个百分点"); ``sign`` is "-" for a part that is subtracted, and
    the word of change of a figure it is printed apart from ("减少" in "减少贫困人口526万人");
    ``unit`` what the figure is in where the text leaves it unsaid ("%" for the terms of a
    ratio that splits 100: 9.2:51:39.8).
    """

    key: str
    start: int
    end: int
    sign: str = ""
    unit: str = ""


@dataclass
class Found:
    """A claim found in the text, before it becomes a :class:`~partybuild_metrics.claims.model.Claim`.

    ``quote`` is the span the claim is read from; ``linked`` the span of the sentence that
    gave a denominator or total printed elsewhere (``link_key`` says which), in which case
    the claim is ``inferred``.
    """

    kind: str
    figures: list[Figure]
    quote: tuple[int, int]
    linked: tuple[int, int] | None = None
    link_key: str = ""
    inferred: bool = False
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def key_of(self) -> tuple[object, ...]:
        """What makes two findings the same claim (kind and figure spans)."""
        return (self.kind, tuple((f.key, f.start, f.end, f.sign) for f in self.figures))
