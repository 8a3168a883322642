// The staff's unanswered list groups similar wordings: the same normalised words in any order count together.
import { expect, it } from "vitest";
import { normalise } from "../../functions/lib/core/faq/normalise-default.js";
import { summariseUnanswered, type UnansweredQuestion } from "../../functions/lib/core/faq/unanswered.js";

const asked = (text: string, at: number): UnansweredQuestion => ({
  text,
  normalised: normalise(text),
  topicGuess: null,
  reason: "out-of-scope",
  channel: "telegram",
  at,
});

it("counts reworded questions together and keeps different ones apart", () => {
  const rows = summariseUnanswered([
    asked("harga sewa lapak berapa", 1),
    asked("berapa harga sewa lapak?", 2),
    asked("Harga sewa lapak brp", 3),
    asked("cara ekspor ke jepang", 4),
  ]);
  expect(rows.map((row) => row.count)).toEqual([3, 1]);
  expect(rows[0]?.examples).toEqual([
    "harga sewa lapak berapa",
    "berapa harga sewa lapak?",
    "Harga sewa lapak brp",
  ]);
  expect(rows[1]?.examples).toEqual(["cara ekspor ke jepang"]);
});

it("counts a question with most of the same words together, and one that shares a word or two apart", () => {
  const rows = summariseUnanswered([
    asked("harga sewa lapak berapa", 1),
    asked("berapa harga sewa lapak di taman bung karno", 2),
    asked("harga tiket pesawat ke jakarta", 3),
  ]);
  expect(rows.map((row) => [row.count, row.examples])).toEqual([
    [2, ["harga sewa lapak berapa", "berapa harga sewa lapak di taman bung karno"]],
    [1, ["harga tiket pesawat ke jakarta"]],
  ]);
});
