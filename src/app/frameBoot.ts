// The runtime frame's entry (frame.html): the app imported statically, so the build lists its modules for the
// browser to fetch in parallel with this one, where boot.ts would only ask for them once it has run. Measured:
// the welcome's cold open through the frame (npm run bench -- page, interleaved).
import {inRuntimeFrame, linkToShell} from "./isolation/frameLink.js";
import {startApp} from "./main.js";
import {onNewBuild, reloadForNewBuild} from "./offline.js";
import {applyTheme, storedTheme} from "./theme.js";

if (!inRuntimeFrame()) {
  applyTheme(storedTheme());
  onNewBuild(reloadForNewBuild);
}
void startApp(inRuntimeFrame() ? linkToShell() : {});
