from odoo.tests import tagged

from ..tools.kanban import CARD_SPECIFICATION
from .common import ParcoursCase


@tagged("post_install", "-at_install")
class TestKanbanQueryCount(ParcoursCase):
    """The kanban costs a fixed number of queries, whatever the number of pathways."""

    def load_kanban(self):
        """What the web client asks for: the columns with counts, then 80 cards per column."""
        pathways = (
            self.env["parcours.pathway"]
            .with_user(self.coordinator)
            # The pager counts a column only once it holds more than one page; always
            # counting makes 20 and 2,000 pathways comparable query for query.
            .with_context(default_programme_id=self.programme.id, force_search_count=True)
        )
        self.env.invalidate_all()
        queries_before = self.cr.sql_log_count
        # The programme's own kanban: other programmes' demo pathways would add columns.
        columns = pathways.web_read_group(
            [("programme_id", "=", self.programme.id)], ["stage_id"], ["stage_id"]
        )
        for column in columns["groups"]:
            pathways.web_search_read(column["__domain"], CARD_SPECIFICATION, limit=80)
        return self.cr.sql_log_count - queries_before

    def create_pathways(self, count):
        patients = self.env["parcours.patient"].create(
            [
                {
                    "birth_name": "Load-%d-%d" % (count, number),
                    "first_names": "Test",
                    "birth_date": "1970-01-01",
                }
                for number in range(count)
            ]
        )
        tag = self.env["parcours.tag"].create({"name": "Load %d" % count})
        pathways = self.env["parcours.pathway"].create(
            [
                {
                    "patient_id": patient.id,
                    "programme_id": self.programme.id,
                    "tag_ids": [tag.id],
                }
                for patient in patients
            ]
        )
        for pathway in pathways[::7]:
            pathway.activity_schedule("mail.mail_activity_data_todo", user_id=self.coordinator.id)

    def test_same_queries_for_20_and_2000_pathways(self):
        self.create_pathways(20)
        self.load_kanban()  # warm the registry caches (views, rules, translations)
        with_20 = self.load_kanban()
        self.create_pathways(1980)
        with_2000 = self.load_kanban()
        self.assertEqual(with_20, with_2000)
        self.assertLess(with_2000, 12 * len(self.programme.stage_ids))
