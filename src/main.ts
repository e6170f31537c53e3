/** The notebook page's entry: zod's JIT off (first, before any schema is built), global styles, then the app. */
import "./ui/jitless.ts";
import { mount } from "svelte";
import "./ui/app.css";
import App from "./ui/App.svelte";

mount(App, { target: document.getElementById("app")! });
