"""The quick self-review: the session model asked as a sequence of terminal prompts.

Never imports Textual; questionary and the database layer load only when a review starts.
"""
