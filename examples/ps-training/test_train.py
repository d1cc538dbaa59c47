"""Table tests of train.py's pure parts: python3 -m unittest discover -s examples/ps-training -p 'test_*.py'."""
import http.client
import json
import unittest

import train


class PeerWaitTest(unittest.TestCase):
    """When a failed call to a peer is tried again (train.PeerWait)."""

    def test_decisions(self):
        # (failures as (error, seconds since the call began), what the last one decides, its message starts with)
        refused = ConnectionRefusedError(111, "Connection refused")
        cases = [
            ("the first refusal: retry, say so once", [(refused, 0)], True, "ConnectionRefusedError"),
            ("refused again before the timeout: retry quietly", [(refused, 0), (refused, 299.9)], True, None),
            ("refused at the timeout: give up, say why", [(refused, 0), (refused, 300)], False, "no answer for 300 s"),
            ("the timeout counts from the first failure", [(refused, 50), (refused, 349)], True, None),
            ("a timed-out try", [(TimeoutError("timed out"), 0)], True, "TimeoutError"),
            ("an answer cut short", [(http.client.IncompleteRead(b"{"), 0)], True, "IncompleteRead"),
            ("not an HTTP answer", [(http.client.BadStatusLine("\x00\x00"), 0)], True, "BadStatusLine"),
            ("an answer that is not JSON", [(json.JSONDecodeError("x", "<html>", 0), 0)], True, "JSONDecodeError"),
            ("a bug is no peer's absence: no retry", [(KeyError("indices"), 0)], False, None),
        ]
        for name, failures, retry, message in cases:
            with self.subTest(name):
                wait = train.PeerWait(timeout=300)
                for error, at in failures:
                    decided = wait.after_failure(error, 1000 + at)
                self.assertEqual(decided[0], retry)
                if message is None:
                    self.assertIsNone(decided[1])
                else:
                    self.assertTrue(decided[1].startswith(message), decided[1])


if __name__ == "__main__":
    unittest.main()
