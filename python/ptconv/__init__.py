"""ptconv for Python: the C library through ctypes (standard library only).

    import ptconv
    docs = ptconv.parse("in.txt")          # the JSON contract's documents
    rows = ptconv.indicators("in.txt")     # one flat dict per indicator
    df = ptconv.to_dataframe("in.txt")     # the same rows as a pandas DataFrame

The shared library is found through $PTCONV_LIBRARY when it is set, else
beside this package (python/ptconv/libptconv.so*), else on the system's
library path (libptconv.so.0).
"""
import ctypes
import ctypes.util
import glob
import json
import os

__all__ = ["parse", "indicators", "to_dataframe", "library_version", "PtconvError",
           "INDICATOR_COLUMNS"]

# The levels of an indicator's path get columns of their own, as in the CSV
# emitter: paths deeper than this are joined into the last with " / ".
PATH_LEVELS = 4
INDICATOR_COLUMNS = (
    ["source", "document", "table_seq", "project_name", "applicant", "department",
     "funds_value"]
    + ["level_%d" % (i + 1) for i in range(PATH_LEVELS)]
    + ["name", "value_text", "number", "comparator", "unit", "line"]
    # added with value.unit and value.approximate: at the end, as in the CSV
    + ["value_unit", "approximate"])


class PtconvError(Exception):
    """The C library reported an error (its ptc_strerror() message)."""


_DOCUMENT_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_EXPLAIN_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_char_p,
                               ctypes.c_char_p, ctypes.c_char_p)


class _ParseOptions(ctypes.Structure):  # ptc_parse_options, members in order
    _fields_ = [("source", ctypes.c_char_p), ("encoding", ctypes.c_char_p),
                ("rules", ctypes.c_void_p), ("explain", _EXPLAIN_FN),
                ("explain_userdata", ctypes.c_void_p)]


class _Emitter(ctypes.Structure):  # ptc_emitter, members in order
    _fields_ = [("name", ctypes.c_char_p), ("extension", ctypes.c_char_p),
                ("media_type", ctypes.c_char_p), ("description", ctypes.c_char_p),
                ("open", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)),
                ("document", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)),
                ("close", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_bool))]


_lib = None


def _candidates():
    env = os.environ.get("PTCONV_LIBRARY")
    if env:
        return [env]  # when set, it is the only place looked at
    here = os.path.dirname(os.path.abspath(__file__))
    found = sorted(glob.glob(os.path.join(here, "libptconv.so*")))
    system = ctypes.util.find_library("ptconv")
    return found + ([system] if system else []) + ["libptconv.so.0"]


def _load():
    global _lib
    if _lib is not None:
        return _lib
    errors = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append("%s: %s" % (path, e))
    else:
        raise OSError("libptconv not found (set PTCONV_LIBRARY to its path): " + "; ".join(errors))
    lib.ptc_version.restype = ctypes.c_char_p
    lib.ptc_version.argtypes = []
    lib.ptc_strerror.restype = ctypes.c_char_p
    lib.ptc_strerror.argtypes = [ctypes.c_int]
    lib.ptc_sink_memory.restype = ctypes.c_void_p
    lib.ptc_sink_memory.argtypes = []
    lib.ptc_sink_memory_data.restype = ctypes.POINTER(ctypes.c_char)
    lib.ptc_sink_memory_data.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
    lib.ptc_sink_flush.restype = ctypes.c_int
    lib.ptc_sink_flush.argtypes = [ctypes.c_void_p]
    lib.ptc_sink_free.restype = None
    lib.ptc_sink_free.argtypes = [ctypes.c_void_p]
    lib.ptc_emitter_find.restype = ctypes.POINTER(_Emitter)
    lib.ptc_emitter_find.argtypes = [ctypes.c_char_p]
    lib.ptc_parser_new2.restype = ctypes.c_void_p
    lib.ptc_parser_new2.argtypes = [ctypes.POINTER(_ParseOptions), _DOCUMENT_FN, ctypes.c_void_p,
                                    ctypes.POINTER(ctypes.c_int)]
    lib.ptc_parser_feed.restype = ctypes.c_int
    lib.ptc_parser_feed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.ptc_parser_finish.restype = ctypes.c_int
    lib.ptc_parser_finish.argtypes = [ctypes.c_void_p]
    lib.ptc_parser_free.restype = None
    lib.ptc_parser_free.argtypes = [ctypes.c_void_p]
    _lib = lib
    return lib


def library_version():
    """The loaded library's version string (ptc_version())."""
    return _load().ptc_version().decode()


def _error(lib, code, what):
    return PtconvError("%s: %s" % (what, lib.ptc_strerror(code).decode()))


def _read(path_or_bytes):
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return bytes(path_or_bytes), "-"
    path = os.fspath(path_or_bytes)
    with open(path, "rb") as f:
        return f.read(), path


def _convert(data, source, encoding=None):
    """`data` through the parser and the json emitter into a memory sink."""
    lib = _load()
    emitter = lib.ptc_emitter_find(b"json")
    if not emitter:
        raise PtconvError("the library has no json emitter")
    e = emitter.contents
    sink = lib.ptc_sink_memory()
    if not sink:
        raise _error(lib, -1, "ptc_sink_memory")
    parser = None
    state = None
    failed = []
    try:
        state = e.open(sink, None)
        if not state:
            raise PtconvError("the json emitter failed to open")

        def on_document(doc, ud):
            if e.document(state, doc) != 0:
                failed.append("writing a document failed")
                return 1
            return 0

        callback = _DOCUMENT_FN(on_document)  # kept alive for the parser's life
        opts = _ParseOptions(source=os.fsencode(source),
                             encoding=encoding.encode() if encoding else None)
        err = ctypes.c_int(0)
        parser = lib.ptc_parser_new2(ctypes.byref(opts), callback, None, ctypes.byref(err))
        if not parser:
            raise _error(lib, err.value, "ptc_parser_new2")
        rc = lib.ptc_parser_feed(parser, data, len(data))
        if rc == 0:
            rc = lib.ptc_parser_finish(parser)
        if failed:
            raise PtconvError(failed[0])
        if rc != 0:
            raise _error(lib, rc, "parsing " + source)
        closed, state = e.close(state, True), None
        if closed != 0 or lib.ptc_sink_flush(sink) != 0:
            raise PtconvError("writing JSON failed")
        n = ctypes.c_size_t(0)
        ptr = lib.ptc_sink_memory_data(sink, ctypes.byref(n))
        return ctypes.string_at(ptr, n.value) if n.value else b""
    finally:
        if state:
            e.close(state, False)
        if parser:
            lib.ptc_parser_free(parser)
        lib.ptc_sink_free(sink)


def parse(path_or_bytes, encoding=None):
    """Parse a file (a path) or the bytes of an announcement; returns the list
    of documents of the JSON contract (README, "JSON contract, version 1"),
    as json.loads gives them. `encoding` forces an iconv encoding name."""
    data, source = _read(path_or_bytes)
    out = json.loads(_convert(data, source, encoding).decode("utf-8"))
    return out["documents"]


def indicators(path_or_bytes, encoding=None):
    """One flat dict per indicator, keys INDICATOR_COLUMNS: its document
    (1-based, as in the CSV), its table's context and the indicator itself.
    `comparator` is ">=", "<=", ">", "<", "=" or None; `value_unit` the unit
    glued to the number (value.unit) and `approximate` a bool; absent values
    are None."""
    rows = []
    for d_index, doc in enumerate(parse(path_or_bytes, encoding), 1):
        for table in doc["tables"]:
            funds = table.get("funds") or {}
            for ind in table["indicators"]:
                path = list(ind["path"])
                if len(path) > PATH_LEVELS:
                    path = path[:PATH_LEVELS - 1] + [" / ".join(path[PATH_LEVELS - 1:])]
                path += [None] * (PATH_LEVELS - len(path))
                value = ind["value"]
                row = {"source": doc["source"], "document": d_index, "table_seq": table["seq"],
                       "project_name": table["project_name"], "applicant": table["applicant"],
                       "department": table["department"], "funds_value": funds.get("value")}
                for i, level in enumerate(path):
                    row["level_%d" % (i + 1)] = level
                row.update({"name": ind["name"], "value_text": value["text"],
                            "number": value["number"], "comparator": value["comparator"],
                            "unit": ind["unit"], "line": ind["line"],
                            "value_unit": value["unit"], "approximate": value["approximate"]})
                rows.append(row)
    return rows


def to_dataframe(path_or_bytes, encoding=None):
    """indicators() as a pandas DataFrame, columns in INDICATOR_COLUMNS order.
    Raises ImportError when pandas is not installed."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError("ptconv.to_dataframe needs pandas (Debian: apt-get install "
                          "python3-pandas; pip install pandas): %s" % e) from e
    return pandas.DataFrame(indicators(path_or_bytes, encoding), columns=INDICATOR_COLUMNS)
