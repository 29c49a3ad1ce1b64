"""Pure domain rules on plain values: levels, the weakest-level rule, checks and progress."""
