import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WagmiProvider } from "wagmi";

import { App } from "./App.tsx";
import { loadConfig } from "./config.ts";
import { initI18n } from "./i18n.ts";
import { wagmiConfig } from "./wagmi.ts";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
try {
  const [config] = await Promise.all([loadConfig(), initI18n()]);
  const queryClient = new QueryClient();
  const wagmi = await wagmiConfig(config);
  root.render(
    <StrictMode>
      <WagmiProvider config={wagmi}>
        <QueryClientProvider client={queryClient}>
          <App config={config} />
        </QueryClientProvider>
      </WagmiProvider>
    </StrictMode>,
  );
} catch (error) {
  root.render(<p role="alert">{(error as Error).message}</p>);
}
