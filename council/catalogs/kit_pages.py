"""Words the pages converted onto the page kit (issue 13) needed and no catalog had."""

VI = {
    "targets.catalogue_count": "{n} mục tiêu",
    "targets.indicator_count": "{n} chỉ tiêu",
}

EN = {
    "targets.catalogue_count": "{n} targets",
    "targets.indicator_count": "{n} indicators",
}
