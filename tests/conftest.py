import pytest
from sympy import Symbol

from derive.parse import parse, symbol


@pytest.fixture
def x():
    return symbol("x")


def P(text):
    """Parse an expression in test tables."""
    return parse(text)


Y = Symbol("y")
