declare function open(target: string, options?: { app?: string }): Promise<void>;
declare namespace open {
  function openSafe(target: string): import('child_process').ChildProcess;
}
export = open;
