/** What a command may touch of the process: injectable so commands are testable in-process. */
export interface Io {
  out(text: string): void;
  /** Unterminated progress output (Cucumber's progress dots). */
  progress(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  /** Resolves when the user asks the process to stop (Ctrl-C, SIGTERM). */
  onStop(handler: () => void | Promise<void>): void;
  env: NodeJS.ProcessEnv;
}

export function realIo(): Io {
  return {
    out: (t) => process.stdout.write(`${t}\n`),
    progress: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(`${t}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    onStop: (handler) => {
      const once = () => {
        process.off("SIGINT", once);
        process.off("SIGTERM", once);
        void handler();
      };
      process.on("SIGINT", once);
      process.on("SIGTERM", once);
    },
    env: process.env,
  };
}
