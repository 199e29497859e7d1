// Parse iCalendar files with node-ical and print what it read, as JSON:
// { file: [{uid, summary, status, allDay, start, end, zone}] }. A timed
// event's start and end are Unix seconds; an all-day event's are its dates
// (YYYY-MM-DD; run with TZ=UTC, node-ical makes them local midnights).
import { readFileSync } from "node:fs";
import ical from "node-ical";

const text = (v) => (v && typeof v === "object" && "val" in v ? v.val : v ?? null);
const day = (d) => d.toISOString().slice(0, 10);
const out = {};
for (const file of process.argv.slice(2)) {
  const parsed = ical.sync.parseICS(readFileSync(file, "utf8"));
  out[file] = Object.values(parsed)
    .filter((c) => c.type === "VEVENT")
    .map((e) => {
      const allDay = e.datetype === "date";
      return {
        uid: e.uid,
        summary: text(e.summary),
        status: e.status ?? null,
        allDay,
        start: allDay ? day(e.start) : e.start.getTime() / 1000,
        end: allDay ? day(e.end) : e.end.getTime() / 1000,
        zone: e.start.tz ?? null,
      };
    });
}
process.stdout.write(JSON.stringify(out));
