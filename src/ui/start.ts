/**
 * The app, loaded by the page's entry (src/main.ts) once the engine workers have started
 * and zod's JIT is off: the default pool (it takes the workers already started), global
 * styles and the app.
 */
import { mount } from "svelte";
import { startBrowserWorkers } from "../run/browser.ts";
import "./app.css";
import App from "./App.svelte";

startBrowserWorkers();
mount(App, { target: document.getElementById("app")! });
