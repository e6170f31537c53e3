/**
 * The notebook page's entry: zod's JIT off first, before any schema is built; then the
 * engine workers start, so that loading their code overlaps the app's own start (reading
 * and parsing the notebook, drawing its cells); then global styles and the app.
 */
import "./ui/jitless.ts";
import { mount } from "svelte";
import { startBrowserWorkers } from "./run/browser.ts";
import "./ui/app.css";
import App from "./ui/App.svelte";

startBrowserWorkers();
mount(App, { target: document.getElementById("app")! });
