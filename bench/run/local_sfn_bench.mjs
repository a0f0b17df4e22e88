// Executions per second of aws-local-stepfunctions on the machines bench_run.py measures.
//
//   node local_sfn_bench.mjs SECONDS < cases.json
//
// stdin: [{"label", "definition", "input", "handlers": bool, "output"}]; the call-center's
// Lambda Tasks run the JavaScript twins of lambdas/*.py (the Work on Case coin fixed to 1).
// stdout: {"label": executions per CPU second}.
import { StateMachine } from "aws-local-stepfunctions";

const handlers = {
  "Open Case": async (e) => ({ Case: e.inputCaseID, Message: `Case ${e.inputCaseID}: opened...` }),
  "Assign Case": async (e) => ({ Case: e.Case, Message: `${e.Message}assigned...` }),
  "Work on Case": async (e) => ({ Case: e.Case, Status: 1, Message: `${e.Message}resolved...` }),
  "Close Case": async (e) => ({ Case: e.Case, Status: e.Status, Message: `${e.Message}closed.` }),
  "Escalate Case": async (e) => ({ Case: e.Case, Status: e.Status, Message: `${e.Message}escalating.` }),
};

async function once(machine, input, withHandlers) {
  const overrides = withHandlers ? { taskResourceLocalHandlers: handlers } : {};
  const execution = machine.run(input, { overrides });
  return execution.result;
}

// CPU seconds (user + system) of this process, as bench_run.py counts its own.
function cpu() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function rate(machine, input, withHandlers, seconds) {
  await once(machine, input, withHandlers);
  let count = 0;
  const start = cpu();
  while (count < 5 || cpu() - start < seconds) {
    await once(machine, input, withHandlers);
    count += 1;
  }
  return count / (cpu() - start);
}

const seconds = Number(process.argv[2] || "3");
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = {};
for (const { label, definition, input, handlers: withHandlers, output } of cases) {
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false, checkPaths: false } });
  let got;
  try {
    got = await once(machine, input, withHandlers);
  } catch (error) {
    process.stderr.write(`note: ${label}: aws-local-stepfunctions fails: ${error.message}\n`);
    continue;
  }
  if (output !== null && JSON.stringify(got) !== JSON.stringify(output)) {
    process.stderr.write(`note: ${label}: aws-local-stepfunctions output ${JSON.stringify(got)} differs\n`);
  }
  results[label] = await rate(machine, input, withHandlers, seconds);
}
process.stdout.write(JSON.stringify(results));
