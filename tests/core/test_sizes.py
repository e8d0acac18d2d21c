from jobtracker.core.sizes import too_large_message


def test_sizes_that_read_differently_are_rounded():
    assert too_large_message(13_000_000, 10 * 1024 * 1024) == "The file is 12.4\xa0MB; the limit is 10.0\xa0MB."


def test_sizes_that_round_alike_are_given_in_bytes_too():
    message = too_large_message(1025, 1024, what="The upload")
    assert message == "The upload is 1.0\xa0KB (1,025 bytes); the limit is 1.0\xa0KB (1,024 bytes)."
