"""A third-party BigBlueButton client library (PyPI bigbluebutton-api-python) against Convene's BigBlueButton API.

Run by scripts/test with BBB_API_URL and BBB_SECRET pointing at a running Convene with its demo pool.
"""
import os
import unittest
import urllib.request

from bigbluebutton_api_python import BigBlueButton
from bigbluebutton_api_python.exception import BBBException

URL = os.environ["BBB_API_URL"]
SECRET = os.environ["BBB_SECRET"]


class ThirdPartyClient(unittest.TestCase):
    def setUp(self):
        self.bbb = BigBlueButton(URL, SECRET)

    def join(self, name, meeting_id, password):
        # Convene redirects to the chosen conference server, which redirects to its meeting page.
        url = self.bbb.get_join_meeting_url(name, meeting_id, password)
        with urllib.request.urlopen(url, timeout=10) as page:
            return page.read().decode()

    def test_meeting_lifecycle(self):
        created = self.bbb.create_meeting(
            "tp-1", params={"name": "Third party one", "attendeePW": "ap1", "moderatorPW": "mp1", "record": "true"}
        )
        self.assertEqual(created.get_meetingid(), "tp-1")
        self.assertEqual(created.get_moderator_pw(), "mp1")
        self.bbb.create_meeting(
            "tp-2", params={"name": "Third party two", "attendeePW": "ap2", "moderatorPW": "mp2", "record": "true"}
        )
        self.assertIn("Ada", self.join("Ada", "tp-1", "mp1"))
        self.assertIn("Bob", self.join("Bob", "tp-2", "ap2"))

        info = self.bbb.get_meeting_info("tp-1").get_meetinginfo()
        self.assertEqual(info.get_meetingid(), "tp-1")
        self.assertEqual(info.get_participantcount(), 1)
        self.assertTrue(self.bbb.is_meeting_running("tp-1").is_meeting_running())
        ids = sorted(m.get_meetingid() for m in self.bbb.get_meetings().get_meetings())
        self.assertEqual(ids, ["tp-1", "tp-2"])

        self.bbb.end_meeting("tp-1", "mp1")
        self.bbb.end_meeting("tp-2", "mp2")
        self.assertEqual(self.bbb.get_meetings().get_meetings(), [])
        recordings = sorted(r.get_meetingid() for r in self.bbb.get_recordings().get_recordings())
        self.assertEqual(recordings, ["tp-1", "tp-2"])

    def test_wrong_secret_is_refused(self):
        other = BigBlueButton(URL, "not-the-secret-not-the-secret-not-the-secret")
        with self.assertRaises(BBBException) as refused:
            other.get_meetings()
        self.assertEqual(refused.exception.key, "checksumError")


if __name__ == "__main__":
    unittest.main(verbosity=2)
