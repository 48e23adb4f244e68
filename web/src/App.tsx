import { BrowserRouter, Route, Routes } from "react-router";

import { Header } from "./components/Header.tsx";
import type { DappConfig } from "./config.ts";
import { Catalogue } from "./pages/Catalogue.tsx";
import { FilmPage } from "./pages/FilmPage.tsx";
import { RentalsPage } from "./pages/RentalsPage.tsx";
import { WalletPage } from "./pages/WalletPage.tsx";
import { WatchPage } from "./pages/WatchPage.tsx";

export function App({ config }: { config: DappConfig }) {
  return (
    <BrowserRouter>
      <Header config={config} />
      <main id="main">
        <Routes>
          <Route path="/" element={<Catalogue config={config} />} />
          <Route path="/films/:filmId" element={<FilmPage config={config} />} />
          <Route path="/films/:filmId/watch" element={<WatchPage config={config} />} />
          <Route path="/rentals" element={<RentalsPage config={config} />} />
          <Route path="/wallet" element={<WalletPage config={config} />} />
        </Routes>
      </main>
    </BrowserRouter>
  );
}
