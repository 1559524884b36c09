"""`storyline serve`: the web interface and the JSON API over one database.

`app.create_app` builds the FastAPI application; `api` holds the JSON
endpoints, `pages` the server-rendered pages, `catalog` and `search` the read
queries they share, `writer` the one thread that writes.
"""
