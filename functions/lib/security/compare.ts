// Constant-time comparison for secrets and signatures.
import { createHash, timingSafeEqual } from "node:crypto";

export function timingSafeEqualText(given: string, expected: string): boolean {
  // Hash both so lengths match and the comparison time does not depend on where they differ.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
