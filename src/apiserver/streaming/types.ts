// The contract between the API server's streaming endpoint (pods/exec, pods/attach over
// WebSockets) and whatever runs the command. In a real cluster the API server proxies these
// streams to the kubelet; in the sandbox the node agent's simulated shell answers them.

/** What the client asked for: the query parameters of .../pods/{name}/exec|attach. */
export interface StreamRequest {
  kind: 'exec' | 'attach';
  namespace: string;
  pod: string;
  /** Empty when the client named none (the pod's only container is meant). */
  container: string;
  /** exec only: the argv to run. */
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** The client's end of the streams, already demultiplexed. */
export interface StreamIO {
  readonly tty: boolean;
  writeStdout(data: string | Buffer): void;
  /** With a TTY stderr is merged into stdout, as on a real terminal. */
  writeStderr(data: string | Buffer): void;
  onStdin(cb: (data: Buffer) => void): void;
  /** The client closed its stdin (v5 CLOSE signal, or the connection went away). */
  onStdinEnd(cb: () => void): void;
  onResize(cb: (size: TerminalSize) => void): void;
  /** Aborted when the client disconnects. */
  readonly closed: AbortSignal;
}

/** A validated request, ready to stream; `run` resolves with the process's exit code. */
export interface StreamSession {
  run(io: StreamIO): Promise<number>;
}

/**
 * Runs exec/attach requests. `prepare` is called before the WebSocket handshake so that a missing
 * pod or an invalid container is answered with a plain HTTP error Status (as kube-apiserver does);
 * it throws an ApiError for those.
 */
export interface ExecHandler {
  prepare(req: StreamRequest): Promise<StreamSession>;
}
