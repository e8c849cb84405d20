def test_vocab_names_every_record_type_in_order() -> None:
    from server import vocab
    from server.curation.types import RECORD_TYPES

    assert tuple(RECORD_TYPES) == vocab.RECORD_TYPE_NAMES
