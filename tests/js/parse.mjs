// Parse iCalendar files with ical.js and print what a subscriber would see,
// as JSON: { file: { name, events: [{uid, summary, status, sequence, allDay,
// start, end, startUnix, endUnix, location, description, url, conference,
// organizer, organizerName, transp, created, lastModified, alarms}] } }.
// Times are the wall-clock time in the event's own zone, as ical.js reads
// it from the file's VTIMEZONE, and the instant as Unix seconds.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = {};
for (const file of process.argv.slice(2)) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const vtz of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtz);
  }
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const time = (t) => ({
      local: t.toString(),
      unix: t.isDate ? null : t.toUnixTime(),
    });
    const start = time(event.startDate);
    const end = time(event.endDate);
    return {
      uid: event.uid,
      summary: event.summary,
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
      allDay: event.startDate.isDate,
      zone: event.startDate.zone ? event.startDate.zone.tzid : null,
      start: start.local,
      end: end.local,
      startUnix: start.unix,
      endUnix: end.unix,
      location: event.location,
      description: event.description,
      url: vevent.getFirstPropertyValue("url"),
      conference: vevent.getAllProperties("conference").map((p) => ({
        value: p.getFirstValue(),
        feature: p.getParameter("feature"),
      })),
      organizer: vevent.getFirstPropertyValue("organizer"),
      organizerName: vevent.getFirstProperty("organizer")?.getParameter("cn") ?? null,
      transp: vevent.getFirstPropertyValue("transp"),
      created: vevent.getFirstPropertyValue("created")?.toString() ?? null,
      lastModified: vevent.getFirstPropertyValue("last-modified")?.toString() ?? null,
      alarms: vevent.getAllSubcomponents("valarm").map((a) =>
        a.getFirstPropertyValue("trigger").toString()),
    };
  });
  out[file] = {
    name: root.getFirstPropertyValue("name"),
    calname: root.getFirstPropertyValue("x-wr-calname"),
    events,
  };
}
process.stdout.write(JSON.stringify(out));
