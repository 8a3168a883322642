// Masks phone numbers and e-mail addresses in free text that is kept beyond the conversation (unanswered
// questions stay 180 days for staff statistics): the question is worth keeping, the number in it is not.

const masked = "***";
// Indonesian mobiles (08.., 62 8.., +62 8..), any +international number, and bare runs of 10-15 digits
// (a foreign number written without "+"); spaces, dots and dashes between digits allowed.
const phonePattern =
  /(?<![\p{L}\p{N}+])(?:(?:\+?62|0)[\s.-]?8\d(?:[\s.-]?\d){6,11}|\+\d(?:[\s.()-]{0,2}\d){7,14}|\d{10,15})(?![\p{L}\p{N}])/gu;
// Anchored starts (no match can begin inside another candidate), so long inputs stay linear.
const emailPattern = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

export function maskContactDetails(text: string): string {
  return text.replace(emailPattern, `${masked}@${masked}`).replace(phonePattern, masked);
}
