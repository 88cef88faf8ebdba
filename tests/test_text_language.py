"""Language identification, CJK scripts decided first."""

from __future__ import annotations

import pytest

from cleaners.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The council approved the new budget on Tuesday after a long debate.", "en"),
        ("Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.", "de"),
        ("Rada miasta przyjęła we wtorek nowy budżet po długiej debacie.", "pl"),
        ("Le conseil municipal a adopté mardi le nouveau budget après un long débat.", "fr"),
        ("El consejo municipal aprobó el martes el nuevo presupuesto tras un largo debate.", "es"),
        ("市议会周二经过长时间辩论通过了新预算，市长表示这将为学校提供资金。", "zh"),
        ("市議會週二經過長時間辯論通過了新預算，市長表示這將為學校提供資金。", "zh"),
        (
            "市議会は火曜日、長い議論の末に新しい予算を承認しました。市長は、この決定により"
            "今後二年間、学校や道路、公園の整備が進むと述べました。",
            "ja",
        ),
        ("시의회는 화요일 긴 토론 끝에 새 예산을 승인했습니다.", "ko"),
    ],
)
def test_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_short_japanese_sentence() -> None:
    assert detect_language("市議会は火曜日、長い議論の末に新しい予算を承認しました。") == "ja"


@pytest.mark.parametrize("text", ["", "   ", "Hi", "OK 123", "\n\n"])
def test_too_short_is_unknown(text: str) -> None:
    assert detect_language(text) is None
