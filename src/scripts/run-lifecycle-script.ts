// Runs one lifecycle script as npm does: through the shell, in the package's
// folder, with npm's environment (script-environment.ts). Its output is
// passed on as it comes (allow-scripts keeps it until the script fails,
// which leaves a long build silent); a script that fails stops the run.
import { spawn } from 'node:child_process';

export interface LifecycleScript {
  /** The package's allow-list key, or "$root$" for the project, for messages. */
  readonly label: string;
  readonly directory: string;
  readonly event: string;
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;
}

export const runLifecycleScript = (
  script: LifecycleScript,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(script.command, {
      cwd: script.directory,
      env: script.env,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', chunk => out.write(chunk));
    child.stderr.on('data', chunk => err.write(chunk));
    child.on('error', error =>
      reject(Error(`Cannot start the ${script.event} script of ${script.label} (${script.command}): ${error.message}`)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(Error(`The ${script.event} script of ${script.label} ${how}: ${script.command} (in ${script.directory})`));
      }
    });
  });
