"""Phones in the room (issue 15): participants vote from their own phones over the room's network.

Nothing here is imported before the facilitator starts phone voting: the web stack (Starlette,
uvicorn, segno) loads inside the functions that start it. The pieces, lowest first:

- `ballot`: the ballot model (rounds, bindings, votes) and the `BallotBox` protocol;
- `ballot_schema`, `ballot_sql`: the ballot tables, and the durable ballot box as plain SQL over
  a transaction the caller owns; `batching`: votes arriving together share one commit;
- `content`: what a phone shows of an area; `room`: one session's room (ballot box, names, area
  content), what the app drives;
- `webapp`, `pages`, `guards`, `tokens`, `assets`, `events`: the phone page, its defences and
  the server-sent events that let it follow the facilitator;
- `server`: uvicorn inside the app's event loop; `network`: interfaces and the self-check;
  `qr`: the join address as a QR code in text.

See docs/phones.md for the API the app calls, the threat model and the wiring still to land.
"""
