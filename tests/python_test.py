#!/usr/bin/env python3
"""python.api / python.dataframe: the ctypes package python/ptconv.

Usage: python_test.py api|dataframe SEED
PTCONV_LIBRARY names the build's libptconv.so (ctest sets it). `dataframe`
exits 77 (ctest: skipped), saying SKIPPED, when pandas cannot be imported.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import ptconv  # noqa: E402

SEED = None


class Api(unittest.TestCase):
    def test_library_is_the_one_named(self):
        self.assertTrue(os.environ.get("PTCONV_LIBRARY"), "PTCONV_LIBRARY is not set")
        self.assertRegex(ptconv.library_version(), r"^\d+\.\d+\.\d+$")

    def test_parse_seed(self):
        docs = ptconv.parse(SEED)
        self.assertEqual(len(docs), 1)
        tables = docs[0]["tables"]
        self.assertEqual(len(tables), 22)
        self.assertEqual(sum(len(t["indicators"]) for t in tables), 188)
        self.assertEqual(tables[0]["project_name"], "差旅费用")
        self.assertEqual(docs[0]["source"], SEED)

    def test_parse_bytes(self):
        with open(SEED, "rb") as f:
            docs = ptconv.parse(f.read())
        self.assertEqual(len(docs[0]["tables"]), 22)
        self.assertEqual(docs[0]["source"], "-")

    def test_indicators(self):
        rows = ptconv.indicators(SEED)
        self.assertEqual(len(rows), 188)
        self.assertEqual(list(rows[0]), ptconv.INDICATOR_COLUMNS)
        first = rows[0]
        self.assertEqual(first["project_name"], "差旅费用")
        self.assertEqual(first["table_seq"], 1)
        self.assertEqual(first["document"], 1)
        self.assertEqual(first["funds_value"], 12.4)
        self.assertEqual([first["level_1"], first["level_2"], first["level_3"]],
                         ["产出", "项目产出", "数量指标"])
        self.assertEqual((first["value_text"], first["number"], first["unit"]), ("2", 2, "次"))
        self.assertEqual((first["value_unit"], first["approximate"]), (None, False))
        glued = [r for r in rows if r["value_text"] == "25 元"]
        self.assertEqual([(r["number"], r["value_unit"]) for r in glued], [(25, "元")] * len(glued))
        self.assertTrue(glued)
        self.assertEqual(len({r["table_seq"] for r in rows}), 22)

    def test_errors_are_exceptions(self):
        with self.assertRaises(ptconv.PtconvError) as cm:
            ptconv.parse(b"x", encoding="NO-SUCH-ENCODING")
        self.assertIn("unknown encoding", str(cm.exception))
        with self.assertRaises(FileNotFoundError):
            ptconv.parse("/nonexistent/input.txt")

    def test_to_dataframe_without_pandas_says_so(self):
        saved = sys.modules.get("pandas")
        sys.modules["pandas"] = None  # import pandas now raises ImportError
        try:
            with self.assertRaises(ImportError) as cm:
                ptconv.to_dataframe(SEED)
            self.assertIn("needs pandas", str(cm.exception))
        finally:
            if saved is None:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved


class DataFrame(unittest.TestCase):
    def test_to_dataframe(self):
        df = ptconv.to_dataframe(SEED)
        self.assertEqual(df.shape, (188, len(ptconv.INDICATOR_COLUMNS)))
        self.assertEqual(list(df.columns), ptconv.INDICATOR_COLUMNS)
        self.assertEqual(df["table_seq"].nunique(), 22)
        self.assertEqual(df.iloc[0]["project_name"], "差旅费用")
        per_table = df.groupby("table_seq").size()
        self.assertEqual(int(per_table.sum()), 188)


def main():
    global SEED
    which, SEED = sys.argv[1], sys.argv[2]
    if which == "dataframe":
        try:
            import pandas  # noqa: F401
        except ImportError:
            print("SKIPPED: pandas is not installed for %s (scripts/setup-debian.sh installs "
                  "python3-pandas)" % sys.executable)
            return 77
        case = DataFrame
    else:
        case = Api
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(case)
    ok = unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
