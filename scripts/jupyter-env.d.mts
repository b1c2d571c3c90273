/** Types of jupyter-env.mjs (plain JavaScript, so that it runs before node_modules exists). */
export declare const ROOT: string;
export declare const JUPYTER_DATA: string;
export declare const PYTHON: string;
export declare function jupyterEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
