# unittest run in-program (TextTestRunner verbosity=2): passing, failing, erroring, skipped and expected-failure tests.
import io
import re
import sys
import unittest


def add(a, b):
    return a + b


class MathTests(unittest.TestCase):
    def setUp(self):
        self.values = [1, 2, 3]

    def test_add(self):
        self.assertEqual(add(2, 3), 5)

    def test_fails(self):
        self.assertEqual(add(2, 2), 5, "two plus two")

    def test_list_diff(self):
        self.assertListEqual(self.values, [1, 2, 4])

    def test_errors(self):
        return self.values[10]

    def test_raises(self):
        with self.assertRaises(ZeroDivisionError):
            1 / 0
        with self.assertRaisesRegex(ValueError, "invalid literal"):
            int("x")

    @unittest.skip("not today")
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertTrue(False)

    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 2)


class OtherTests(unittest.TestCase):
    def test_true(self):
        self.assertIn("a", "abc")


suite = unittest.TestSuite()
loader = unittest.TestLoader()
suite.addTests(loader.loadTestsFromTestCase(MathTests))
suite.addTests(loader.loadTestsFromTestCase(OtherTests))
buf = io.StringIO()
result = unittest.TextTestRunner(stream=buf, verbosity=2).run(suite)
for line in buf.getvalue().splitlines():
    print(re.sub(r"^Ran (\d+) tests? in [0-9.]+s$", r"Ran \1 tests in TIME", line))
print("testsRun:", result.testsRun, "failures:", len(result.failures), "errors:", len(result.errors),
      "skipped:", len(result.skipped), "expectedFailures:", len(result.expectedFailures))
print("successful:", result.wasSuccessful())
sys.exit(0 if result.wasSuccessful() else 1)
