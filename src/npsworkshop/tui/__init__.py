"""The facilitator's workshop app (Textual): the only package that imports Textual."""
