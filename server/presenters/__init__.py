"""JSON shapes of the records, one module per record part, shared by every reader.

The read model, the SQL read path, the outlets API, the public page, the admin pages, the
curation API and the dataset export call these same functions. Presenters take values
(or any object with the named attributes: an ORM instance, a result row or a named tuple
alike), never query, and return plain dicts.
"""
