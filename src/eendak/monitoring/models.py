# No tables of its own: the figures are read models over the domain apps (queries.py).
