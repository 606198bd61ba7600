"""The strict JSON reader: everything plain ``json.loads`` lets through is refused, with a place."""

from __future__ import annotations

import json

import pytest

from cso_planner.exchange import MAX_BYTES, MAX_DEPTH, MAX_SIZE_TEXT, ImportRejected, parse_json


def rejection(data: bytes) -> str:
    with pytest.raises(ImportRejected) as info:
        parse_json(data)
    message = str(info.value)
    assert len(message.splitlines()) == 1 and message.isprintable()
    return message


def test_plain_document_parses() -> None:
    text = '{"a": [1, 2.5, "x", null, true], "b": {"c": "<b>x</b> 🛡️"}}'
    assert parse_json(text.encode()) == json.loads(text)


def test_leading_bom_is_accepted() -> None:
    assert parse_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


def test_size_cap_is_checked_before_parsing() -> None:
    # Not even valid JSON: the size alone decides, so parsing never starts.
    message = rejection(b"[" * (MAX_BYTES + 1))
    assert (
        message
        == f"file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} bytes ({MAX_SIZE_TEXT})"
    )


def test_largest_allowed_file_parses() -> None:
    padding = MAX_BYTES - len(b'{"a": ""}')
    data = b'{"a": "' + b"x" * padding + b'"}'
    assert len(data) == MAX_BYTES
    assert parse_json(data) == {"a": "x" * padding}


def test_invalid_utf8_names_line_and_column() -> None:
    assert rejection(b'{\n  "a": "ok\xff"}') == "line 2 column 11: not valid UTF-8 (byte 0xff)"


def test_utf8_encoded_surrogate_is_invalid_utf8() -> None:
    assert rejection(b'{"a": "\xed\xa0\x80"}') == "line 1 column 8: not valid UTF-8 (byte 0xed)"


@pytest.mark.parametrize("data", [b"", b"  \n\t"])
def test_empty_file(data: bytes) -> None:
    assert rejection(data) == "file is empty"


def test_malformed_json_names_line_and_column() -> None:
    assert rejection(b'{\n  "a": 1,\n  "b" 2\n}') == (
        "line 3 column 7: malformed JSON (Expecting ':' delimiter)"
    )


def test_raw_control_character_in_string_is_malformed() -> None:
    assert rejection(b'{"a": "x\ty"}').startswith("line 1 column 9: malformed JSON")


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_hundred_thousand_deep_nesting_is_a_clean_error(opener: str) -> None:
    data = (opener * 100_000).encode()
    message = rejection(data)
    column = MAX_DEPTH * len(opener) + 1  # where the first opener too many starts
    assert message == f"line 1 column {column}: nested deeper than {MAX_DEPTH} levels"


def test_nesting_at_the_limit_parses() -> None:
    data = ("[" * MAX_DEPTH + "]" * MAX_DEPTH).encode()
    value = parse_json(data)
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == []


def test_brackets_inside_strings_do_not_count() -> None:
    inner = '[{\\"[' * 1000
    assert parse_json(f'{{"a": "{inner}"}}'.encode()) == {"a": inner.replace('\\"', '"')}


def test_duplicate_key_names_its_object() -> None:
    data = b'{"experience": [{"title": "a", "title": "b"}]}'
    assert rejection(data) == 'experience[0]: duplicate key "title"'


def test_duplicate_key_after_escape_decoding() -> None:
    assert rejection(b'{"name": 1, "n\\u0061me": 2}') == 'document: duplicate key "name"'


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_refused(constant: str) -> None:
    data = f'{{"courses": [{{"cost": {constant}}}]}}'.encode()
    assert rejection(data) == (
        f"courses[0].cost: {constant} is not allowed (JSON numbers must be finite)"
    )


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (str(2**53 + 1), "9007199254740993"),
        (str(-(2**53) - 1), "-9007199254740993"),
        ("1" * 5000, "1" * 23 + "…"),
    ],
)
def test_integers_beyond_2_53_refused(number: str, shown: str) -> None:
    assert rejection(f'{{"a": [{number}]}}'.encode()) == f"a[0]: integer {shown} is beyond ±2**53"


def test_integer_limits_accepted() -> None:
    assert parse_json(f"[{2**53}, {-(2**53)}]".encode()) == [2**53, -(2**53)]


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1.5e309"])
def test_overflowing_floats_refused(number: str) -> None:
    assert rejection(f'{{"x": {number}}}'.encode()) == f"x: number {number} is too large"


def test_tiny_and_large_finite_floats_accepted() -> None:
    assert parse_json(b"[5e-324, 1.7976931348623157e308, -0.0]") == [
        5e-324,
        1.7976931348623157e308,
        -0.0,
    ]


def test_lone_surrogate_in_string_refused() -> None:
    data = b'{"experience": [{"title": "ok \\ud800 no"}]}'
    assert rejection(data) == "experience[0].title: text contains a lone surrogate (\\ud800)"


def test_lone_low_surrogate_in_key_refused() -> None:
    data = b'{"profile": {"\\udc00x": 1}}'
    assert rejection(data) == "profile: a key contains a lone surrogate (\\udc00)"


def test_surrogate_pair_is_an_ordinary_character() -> None:
    assert parse_json(b'["\\ud83d\\udee1"]') == ["\U0001f6e1"]


def test_huge_flat_document_is_quick() -> None:
    # ~19 MiB of small objects: the depth scan must be linear, not quadratic.
    data = ("[" + ",".join(['{"k": "v[", "n": 1}'] * 900_000) + "]").encode()
    assert len(data) < MAX_BYTES
    assert len(parse_json(data)) == 900_000


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("a\x85b", "a\\u0085b"),  # NEL: a line break to str.splitlines and some terminals
        ("x\u2028y", "x\\u2028y"),  # line separator
        ("\u202eevil", "\\u202eevil"),  # right-to-left override: would reorder the line
        ("\x1b[31mred", "\\u001b[31mred"),  # a terminal escape
    ],
)
def test_a_key_that_is_not_printable_is_escaped_in_the_one_line_message(
    key: str, shown: str
) -> None:
    data = json.dumps({"a": {key: float("nan")}})
    assert (
        rejection(data.encode())
        == f'a["{shown}"]: NaN is not allowed (JSON numbers must be finite)'
    )
