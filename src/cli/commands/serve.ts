import { Command } from 'commander';
import { loadConfig } from '../../server/config.ts';
import { serve } from '../../server/main.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the server: API, web app and background jobs (migrates the database first)')
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const env = opts.port ? { ...process.env, PORT: opts.port } : process.env;
      await serve(loadConfig(env));
    });
}
