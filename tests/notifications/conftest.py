import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on_commit callbacks (deliveries) of what happens inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
