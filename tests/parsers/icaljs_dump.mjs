// Parse an .ics file with ical.js 2.x (Thunderbird's parser) and print the harness's JSON form.
// Usage: node tests/parsers/icaljs_dump.mjs FILE        (exit 2 and a message on stderr on parse errors)
//        node tests/parsers/icaljs_dump.mjs --version
// ical.js is installed under tests/parsers/node by .ci/install-parsers; ICALJS_MODULE overrides the path.
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, "node", "node_modules", "ical.js");
const modPath = process.env.ICALJS_MODULE || join(pkgDir, "dist", "ical.js");

let ICAL;
try {
  ICAL = (await import(pathToFileURL(modPath).href)).default;
} catch (err) {
  process.stderr.write(`ical.js not importable from ${modPath}: ${err.message}\n`);
  process.exit(3);
}

const arg = process.argv[2];
if (arg === "--version") {
  process.stdout.write(JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version + "\n");
  process.exit(0);
}
if (!arg) {
  process.stderr.write("usage: icaljs_dump.mjs FILE\n");
  process.exit(64);
}

function timeValue(prop) {
  if (!prop) return null;
  const t = prop.getFirstValue();
  if (!(t instanceof ICAL.Time)) {
    throw new Error(`${prop.name} is not a date or date-time: ${JSON.stringify(t)}`);
  }
  // Time.toString(): "2026-07-10" for DATE, "2026-07-10T09:00:00" (+ "Z" when UTC) for DATE-TIME.
  if (t.isDate) return { date: t.toString() };
  const s = t.toString();
  const utc = t.zone === ICAL.Timezone.utcTimezone || s.endsWith("Z");
  return { datetime: s.replace(/Z$/, ""), tzid: utc ? "UTC" : prop.getParameter("tzid") || null };
}

function text(comp, name) {
  const v = comp.getFirstPropertyValue(name);
  return v === null || v === undefined ? null : String(v);
}

function item(comp) {
  const categories = [];
  for (const p of comp.getAllProperties("categories")) categories.push(...p.getValues().map(String));
  const alarms = [];
  for (const a of comp.getAllSubcomponents("valarm")) {
    const p = a.getFirstProperty("trigger");
    if (!p) { alarms.push({ missing: true }); continue; }
    const v = p.getFirstValue();
    if (v instanceof ICAL.Duration) {
      alarms.push({ seconds: v.toSeconds(), related: (p.getParameter("related") || "START").toUpperCase() });
    } else {
      alarms.push({ absolute: String(v) });
    }
  }
  return {
    uid: text(comp, "uid"),
    summary: text(comp, "summary"),
    dtstart: timeValue(comp.getFirstProperty("dtstart")),
    dtend: timeValue(comp.getFirstProperty("dtend")),
    due: timeValue(comp.getFirstProperty("due")),
    categories,
    alarms,
    url: text(comp, "url"),
    description: text(comp, "description"),
  };
}

try {
  // Node decodes invalid UTF-8 as U+FFFD, as Thunderbird's file reader does: a fold that splits a
  // character comes out garbled, not as an error.
  const source = readFileSync(arg, "utf8");
  const jcal = ICAL.parse(source);
  if (Array.isArray(jcal[0])) throw new Error(`expected one VCALENDAR, found ${jcal.length}`);
  const root = new ICAL.Component(jcal);
  if (root.name !== "vcalendar") throw new Error(`top-level component is ${root.name}, not vcalendar`);
  const out = {
    parser: "icaljs",
    name: text(root, "name") ?? text(root, "x-wr-calname"),
    events: root.getAllSubcomponents("vevent").map(item),
    todos: root.getAllSubcomponents("vtodo").map(item),
  };
  process.stdout.write(JSON.stringify(out) + "\n");
} catch (err) {
  process.stderr.write(`${err.name || "Error"}: ${err.message}\n`);
  process.exit(2);
}
