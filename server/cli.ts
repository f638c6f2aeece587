import { Command, CommanderError } from 'commander';
import { SceneError } from './scene/index.ts';
import { runCommand, type RunFlags } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { calibrateCommand, type CalibrateFlags } from './commands/calibrate.ts';
import { InputError } from './commands/inputError.ts';
import {
  durationOption,
  hostOption,
  integerOption,
  positiveIntegerOption,
  mqttOption,
  topicPrefixOption,
  portOption,
  redisOption,
  speedOption,
} from './commands/options.ts';
import { serveCommand, type ServeFlags } from './commands/serve.ts';
import { DEFAULT_TRAFFIC_LIMITS } from './live/traffic.ts';
import { registerExperimentCommands } from './commands/experimentCommands.ts';

/**
 * The `twin` command. Exit codes: 0 success, 2 bad input (scene file or flags), 1 internal error.
 * Bad input never shows a stack trace.
 */

const print = (text: string): void => {
  process.stdout.write(text + '\n');
};

function buildProgram(): Command {
  const program = new Command('twin')
    .description('LineTwin: production-line digital twin simulator')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  program
    .command('run <scene>')
    .description('simulate a scene headless and print its KPIs')
    .option('--horizon <duration>', "simulated time to run, e.g. 7d (default: the scene's)", durationOption)
    .option('--warmup <duration>', "warm-up discarded from statistics (default: the scene's)", durationOption)
    .option('--seed <n>', "random seed (default: the scene's)", integerOption)
    .option('--replications <n>', 'independent replications; >1 reports means with 95% CIs', positiveIntegerOption, 1)
    .option('--json', 'print one JSON object instead of a table')
    .option('--no-timing', 'report engine.wallSeconds as 0, for byte-identical output')
    .option('--event-log <file>', 'also write the plant event log of the run (JSON lines, or CSV for a .csv name: docs/plant-log.md)')
    .option('--initial <state.json>', 'open the run in this line state (a fork: docs/plant.md); horizon and warm-up count from its time')
    .action((file: string, flags: RunFlags) => runCommand(file, flags, print));
  program
    .command('serve')
    .description('run the live twin: browser app and Socket.IO on one port')
    .option('--scene <file>', 'scene of the default session', 'scenes/two-machine.yaml')
    .option('--port <n>', 'HTTP port', portOption, 8080)
    .option('--host <address>', 'address to listen on (0.0.0.0 to expose on the network)', '127.0.0.1')
    .option('--seed <n>', "random seed of the default session (default: the scene's)", integerOption)
    .option('--speed <x>', 'initial speed factor, 0.1 to 10000, or max', speedOption, 1)
    .option('--allow-origin <url...>', 'extra browser origins allowed to connect (a page served from elsewhere)', [])
    .option('--allow-model-host <host...>', 'hosts scenes may load https glTF models from (host or host:port)', hostOption, [])
    .option(
      '--max-connections-per-address <n>',
      'connections one remote address may hold at once',
      positiveIntegerOption,
      DEFAULT_TRAFFIC_LIMITS.connectionsPerAddress,
    )
    .option('--no-build', 'do not build the browser app even if it is missing or stale')
    .option('--no-persist', 'keep sessions in memory only (default: kept in $TWIN_DATA_DIR/sessions.db and restored at start)')
    .option('--fresh', 'forget the stored sessions instead of restoring them')
    .option('--saved-scenes <dir>', 'folder scenes saved from the editor go to (default: $TWIN_DATA_DIR/scenes, else data/scenes)')
    .option('--mqtt [url]', 'publish the sessions over MQTT: to an embedded broker, or to the broker at url (docs/mqtt.md)', mqttOption)
    .option('--mqtt-port <n>', 'port of the embedded MQTT broker', portOption, 1883)
    .option('--mirror <log>', 'the default session mirrors this plant event log (JSON lines or CSV), replayed at its speed (docs/plant.md)')
    .option(
      '--mirror-mqtt [prefix]',
      'a session mirrors the line from MQTT events on <prefix>/<station>/event (default prefix linetwin-in/<scene>; implies --mqtt)',
      topicPrefixOption,
    )
    .option(
      '--opcua [port]',
      'also serve OPC UA (read KPIs, call operator methods) on this port (default 4840); see docs/opcua.md',
      portOption,
    )
    .option(
      '--redis <url>',
      'one of several processes behind one address sharing sessions through Redis, and experiments on its queue (docs/scale-live.md, docs/scale.md)',
      redisOption,
    )
    .action((flags: ServeFlags) => serveCommand(flags, print));
  program
    .command('validate <scene>')
    .description('check a scene file and print its errors')
    .action((file: string) => validateCommand(file, print));
  program
    .command('calibrate <log>')
    .description("fit a scene's cycle times, failures and scrap to a plant event log (docs/calibrate.md)")
    .requiredOption('--scene <file>', 'the scene the log comes from')
    .option('--out <file>', 'write the scene with the fitted values (YAML)')
    .option('--json', 'print one JSON object instead of a table')
    .action((file: string, flags: CalibrateFlags) => calibrateCommand(file, flags, print));
  // --- what-if experiments: `twin experiment` and `twin history` (server/commands/experimentCommands.ts) ---
  registerExperimentCommands(program, print);
  // --- end of experiments ---
  return program;
}

/** Runs the CLI with arguments (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message; help and version are not errors
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof SceneError || e instanceof InputError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES') {
      process.stderr.write(`error: cannot read ${err.path ?? 'file'}: ${err.code === 'ENOENT' ? 'no such file' : err.code}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${err.stack ?? String(e)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
