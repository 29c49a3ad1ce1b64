"""The app's two looks: a calm one for a laptop and a high-contrast one for a projector."""

from __future__ import annotations

from textual.theme import Theme

EVERYDAY = Theme(
    name="npsworkshop",
    primary="#4C9BE8",
    secondary="#7FB77E",
    accent="#F2B84B",
    warning="#F2B84B",
    error="#F0645A",
    success="#5DBB63",
    foreground="#E6EDF3",
    background="#14191F",
    surface="#1B222A",
    panel="#253140",
    dark=True,
)

# Black on white with saturated, dark accents: projectors wash out dark backgrounds and pale text.
PROJECTOR = Theme(
    name="npsworkshop-projector",
    primary="#0033A0",
    secondary="#005A2B",
    accent="#9A3D00",
    warning="#8A5A00",
    error="#B00020",
    success="#00662E",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E2E6EC",
    dark=False,
    text_alpha=1.0,
    variables={
        "text-muted": "#1F1F1F",
        "footer-background": "#000000",
        "footer-foreground": "#FFFFFF",
        "footer-key-foreground": "#FFD500",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-background": "#0033A0",
        "block-cursor-foreground": "#FFFFFF",
    },
)
