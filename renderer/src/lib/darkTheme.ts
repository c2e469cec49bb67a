import {
  alertDark,
  badgeDark,
  buttonDark,
  checkboxDark,
  commonDark,
  createTheme,
  descriptionsDark,
  dialogDark,
  drawerDark,
  dropdownDark,
  emptyDark,
  formDark,
  inputDark,
  inputNumberDark,
  messageDark,
  modalDark,
  popoverDark,
  progressDark,
  radioDark,
  scrollbarDark,
  selectDark,
  spinDark,
  switchDark,
  tabsDark,
  tagDark,
  timelineDark,
  tooltipDark,
  type GlobalTheme,
} from 'naive-ui';
// Naive UI does not export the skeleton's dark theme by name (2.45); its module is the one darkTheme uses.
import { skeletonDark } from 'naive-ui/es/skeleton/styles';

/**
 * Naive UI's dark theme for the components Hangar uses (their internal parts come along as peers). The
 * library's `darkTheme` carries every component's dark theme — data tables, calendars, uploads — into the
 * window's first chunk, all parsed and run before the first row can be drawn. A component added to the
 * app is added here too, or it stays light in the dark theme (the dark screenshots show it).
 */
export const DARK_THEME: GlobalTheme = {
  ...createTheme('dark', [
    alertDark,
    badgeDark,
    buttonDark,
    checkboxDark,
    descriptionsDark,
    dialogDark,
    drawerDark,
    dropdownDark,
    emptyDark,
    formDark,
    inputDark,
    inputNumberDark,
    messageDark,
    modalDark,
    popoverDark,
    progressDark,
    radioDark,
    scrollbarDark,
    selectDark,
    skeletonDark,
    spinDark,
    switchDark,
    tabsDark,
    tagDark,
    timelineDark,
    tooltipDark,
  ]),
  common: commonDark,
};
