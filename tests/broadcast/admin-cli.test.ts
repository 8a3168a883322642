// `admin -- broadcast` and `admin -- jobs` against DynamoDB Local: in-process, and once each as real processes.
import { beforeAll, expect, it } from "vitest";
import { seedContacts } from "../outbox/seed.js";
import { runAdminInProcess, runAdminProcess } from "../support/admin.js";
import { createTestTable, type TestTable } from "../support/store.js";

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable("broadcast-cli");
  await seedContacts(table.documentClient, table.tableName, [
    { channel: "telegram", userId: "71001", seller: { category: "fashion", kecamatan: "enggal" } },
    { channel: "telegram", userId: "71002", seller: { category: "kuliner", kecamatan: "enggal" } },
    { channel: "telegram", userId: "71003" },
  ]);
}, 60_000);

const admin = (...args: string[]) => runAdminInProcess(args, { table });

it("previews with the exact count, creates only with --yes, and lists the job with counters", async () => {
  const preview = await admin("broadcast", "--audience", "kecamatan:enggal", "--text", "Rapat UMKM Enggal");
  expect(preview.code).toBe(0);
  expect(preview.stdout).toContain("(2 orang)");
  expect(preview.stdout).toContain("Belum dibuat");
  const none = await admin("jobs", "--format", "json");
  expect(JSON.parse(none.stdout)).toEqual([]);

  const created = await admin(
    "broadcast",
    "--audience",
    "kategori:fashion",
    "--text",
    "Lomba busana tapis",
    "--at",
    "2099-01-05T08:00",
    "--yes",
  );
  expect(created.code).toBe(0);
  const id = /Siaran #([a-z0-9]+) dibuat \(1 penerima\)/.exec(created.stdout)?.[1];
  expect(id).toBeDefined();

  const listed = await admin("jobs", "--format", "json");
  expect(listed.code).toBe(0);
  const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    id,
    state: "scheduled",
    audience: "kategori:fashion",
    sendAt: "2099-01-05T01:00:00.000Z",
    createdBy: "cli",
    total: 0,
    sent: 0,
    text: "Lomba busana tapis",
  });

  // The real process once per command, side by side: the preview and the job list from its environment's table.
  const [spawnedPreview, spawnedJobs] = await Promise.all([
    runAdminProcess(["broadcast", "--audience", "kecamatan:enggal", "--text", "Rapat UMKM Enggal"], table),
    runAdminProcess(["jobs", "--format", "json"], table),
  ]);
  expect(spawnedPreview.code).toBe(0);
  expect(spawnedPreview.stdout).toContain("(2 orang)");
  expect(spawnedPreview.stdout).toContain(`Tempat   : ${table.endpoint}`);
  expect(spawnedPreview.stdout).toContain("Belum dibuat");
  expect(spawnedJobs.code).toBe(0);
  expect(JSON.parse(spawnedJobs.stdout)).toEqual(rows);
});

it("refuses bad audiences and the unavailable promo-subscriber audience", async () => {
  const bad = await admin("broadcast", "--audience", "kategori:mainan", "--text", "x y");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("kategori must be one of");
  const promo = await admin("broadcast", "--audience", "pelanggan", "--text", "Promo minggu ini", "--yes");
  expect(promo.code).toBe(1);
  expect(promo.stderr).toContain("belum tersedia");
});
