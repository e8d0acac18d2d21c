"""Reading responses in tests, streamed or not."""


def body_text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()
