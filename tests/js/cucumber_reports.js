// Feeds a Cucumber JSON file to the two report tools CI servers use and prints what they counted.
//   node tests/js/cucumber_reports.js REPORT.json OUTPUT_DIR
// Prints one JSON object: {"cucumber-html-reporter": {...}, "multiple-cucumber-html-reporter": {...}}
'use strict';
const fs = require('fs');
const path = require('path');
const single = require('cucumber-html-reporter');
const multiple = require('multiple-cucumber-html-reporter');

const [report, output] = process.argv.slice(2);
fs.mkdirSync(output, { recursive: true });
const log = console.log;
console.log = () => {}; // the tools talk; only our JSON goes to stdout

const html = path.join(output, 'cucumber-html-reporter.html');
single.generate({ theme: 'bootstrap', jsonFile: report, output: html, reportSuiteAsScenarios: true,
                  launchReport: false, noInlineScreenshots: true });
const charts = {};
for (const match of fs.readFileSync(html, 'utf8').matchAll(/drawChart\((\{[\s\S]*?\})\s*\)/g)) {
  const data = JSON.parse(match[1]);
  charts[data.title.toLowerCase()] = data;
}

const jsonDir = path.join(output, 'json');
fs.mkdirSync(jsonDir, { recursive: true });
fs.copyFileSync(report, path.join(jsonDir, 'report.json'));
const reportPath = path.join(output, 'multiple');
multiple.generate({ jsonDir, reportPath, saveCollectedJSON: true, disableLog: true });
const enriched = JSON.parse(fs.readFileSync(path.join(reportPath, 'enriched-output.json'), 'utf8'));
const summary = (object) => Object.fromEntries(
  ['passed', 'failed', 'skipped', 'notDefined', 'pending', 'ambiguous', 'total']
    .filter((key) => key in object).map((key) => [key, object[key]]));

console.log = log;
console.log(JSON.stringify({
  'cucumber-html-reporter': charts,
  'multiple-cucumber-html-reporter': { scenarios: summary(enriched.scenarios), features: summary(enriched.featureCount) },
}));
