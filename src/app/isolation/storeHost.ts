// The page's side of RemoteWorkStore: it answers the runtime frame's requests with its own storage.
import {localWorkStore} from "../storage.js";
import type {PageMessage, StoreRequest} from "./messages.js";

export async function answerStore(request: StoreRequest, reply: (message: PageMessage) => void): Promise<void> {
  const {call} = request;
  try {
    switch (request.op) {
      case "load": {
        const work = await localWorkStore.load(request.id);
        return reply({drillbook: "stored", call, work, flag: localWorkStore.flag.isSet(request.id)});
      }
      case "save":
        await localWorkStore.save(request.work);
        return reply({drillbook: "stored", call});
      case "clear":
        await localWorkStore.clear(request.id);
        return reply({drillbook: "stored", call});
      case "stash":
        return localWorkStore.stash(request.work); // synchronous, in the order sent; nothing to answer
      case "flag-set":
        return localWorkStore.flag.set(request.id);
      case "flag-clear":
        return localWorkStore.flag.clear(request.id);
    }
  } catch (e) {
    if (call) reply({drillbook: "stored", call, error: (e as Error).message ?? String(e)});
  }
}
