"""The views of the targets page (pages/targets_page.py): heatmap, one target, contributions,
map, province scorecard, catalogue with the target and indicator forms."""
