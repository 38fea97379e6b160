#!/usr/bin/env python3
"""Prints the WCAG contrast of each network colour in style/main.css, per theme: bar fills
against the white bar text (4.5:1 wanted) and wire colours against the diagram's background
(3:1 wanted). The figures are in docs/BENCHMARKS.md ("Colours of networks")."""
import re
import sys

CSS = open(sys.argv[1] if len(sys.argv) > 1 else "style/main.css").read()
THEMES = {
    "light": (":root {", "#ffffff"),
    "dark": ('[data-theme="dark"] {', "#0d1117"),
    "projector": ('[data-projector="on"] {', "#ffffff"),
    "projector dark": ('[data-projector="on"][data-theme="dark"] {', "#000000"),
}


def luminance(hex_colour):
    h = hex_colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hues(selector):
    """The --hue-N and --hue-line-N of the block that defines them after `selector`."""
    found = {}
    for block in re.finditer(r"(?m)^" + re.escape(selector) + r"(.*?)\}", CSS, re.S):
        for name, value in re.findall(r"--(hue(?:-line)?-\d):\s*(#[0-9a-fA-F]{6})", block.group(1)):
            found[name] = value
    return found


worst_fill, worst_line = 99.0, 99.0
for theme, (selector, background) in THEMES.items():
    colours = hues(selector)
    fills = [colours[f"hue-{i}"] for i in range(6)]
    lines = [colours[f"hue-line-{i}"] for i in range(6)]
    fill_ratios = [contrast(f, "#ffffff") for f in fills]
    line_ratios = [contrast(l, background) for l in lines]
    worst_fill, worst_line = min(worst_fill, *fill_ratios), min(worst_line, *line_ratios)
    print(f"{theme:<15} bar text on fills: " + " ".join(f"{r:4.2f}" for r in fill_ratios))
    print(f"{'':<15} wires on {background}: " + " ".join(f"{r:5.2f}" for r in line_ratios))
print(f"lowest: bar text {worst_fill:.2f}:1 (want 4.5), wires {worst_line:.2f}:1 (want 3)")
