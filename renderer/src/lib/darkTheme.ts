import * as naive from 'naive-ui';
import type { GlobalTheme } from 'naive-ui';
// Naive UI does not export the skeleton's dark theme by name (2.45); its module is the one darkTheme uses.
import { skeletonDark } from 'naive-ui/es/skeleton/styles';

/**
 * Naive UI's dark theme for the components Hangar uses (their internal parts come along as peers). The
 * library's `darkTheme` carries every component's dark theme — data tables, calendars, uploads — into the
 * window's first chunk, all parsed and run before the first row can be drawn. A component added to the
 * app is added here too, or it stays light in the dark theme (the dark screenshots show it). Members are
 * read by name, so the bundler still keeps only these.
 */
export const DARK_THEME: GlobalTheme = {
  ...naive.createTheme('dark', [
    naive.alertDark,
    naive.badgeDark,
    naive.buttonDark,
    naive.checkboxDark,
    naive.descriptionsDark,
    naive.dialogDark,
    naive.drawerDark,
    naive.dropdownDark,
    naive.emptyDark,
    naive.formDark,
    naive.inputDark,
    naive.inputNumberDark,
    naive.messageDark,
    naive.modalDark,
    naive.popoverDark,
    naive.progressDark,
    naive.radioDark,
    naive.scrollbarDark,
    naive.selectDark,
    skeletonDark,
    naive.spinDark,
    naive.switchDark,
    naive.tabsDark,
    naive.tagDark,
    naive.timelineDark,
    naive.tooltipDark,
  ]),
  common: naive.commonDark,
};
