"""Publishing a count without pointing at a family: the one rule, for every app that publishes.

Small numbers identify people: in a municipality of 25,000 inhabitants "2 closed cases" can point at a
family the neighbours know. So a published count is rounded to a multiple of 5 and any count below 5
is shown as "<5" (the way CBS publishes Veilig Thuis figures). A share or a median over fewer than 5
is not published at all.
"""

ROUNDING_BASE = 5
SMALL_CELL_LIMIT = 5
SUPPRESSED = "<5"


def publish_count(count: int) -> str:
    """CBS style: below 5 is suppressed, everything else is rounded to the nearest multiple of 5.

    Integer arithmetic: a count is never exactly halfway between two multiples of 5, so there is no
    tie to break.
    """
    if count < SMALL_CELL_LIMIT:
        return SUPPRESSED
    return str(ROUNDING_BASE * ((count + ROUNDING_BASE // 2) // ROUNDING_BASE))


def publishable(base: int) -> bool:
    """Whether a share or a median over ``base`` cases may be published."""
    return base >= SMALL_CELL_LIMIT
